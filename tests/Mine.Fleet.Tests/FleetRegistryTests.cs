using Mine.Fleet;
using Mine.TestKit;

namespace Mine.Fleet.Tests;

public sealed class FleetRegistryTests : IDisposable
{
    private const long T0 = 1_780_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("mine-fleet").FullName;
    private readonly ManualClock _clock = new(T0);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private FleetRegistry Make(FleetRules? rules = null, Func<string, string>? collectdRoot = null) => new(_directory, rules, collectdRoot, _clock);

    /// <summary>The host sends at each of <paramref name="times"/> (relative to T0), the clock following.</summary>
    private void Send(FleetRegistry fleet, string host, params long[] times)
    {
        foreach (var t in times)
        {
            _clock.Now = Math.Max(_clock.Now, T0 + t);
            fleet.Seen(host, "load", T0 + t);
        }
    }

    [Fact]
    public void A_collectd_host_sending_every_10_s_is_stale_after_30_s_without_data()
    {
        var fleet = Make();
        Send(fleet, "web-1", 0, 10, 20, 30, 40);
        fleet.TryGet("web-1", out var host);
        Assert.Equal(10, host!.Interval);
        Assert.Equal(30, fleet.Rules.StaleAfter(host));
        _clock.Now = T0 + 40 + 30;
        Assert.False(fleet.IsStale(host));
        _clock.Now++;
        Assert.True(fleet.IsStale(host));
    }

    [Fact]
    public void A_host_sending_every_minute_is_judged_by_its_own_interval()
    {
        var fleet = Make();
        Send(fleet, "batch-1", 0, 60, 120, 180);
        fleet.TryGet("batch-1", out var host);
        Assert.Equal(60, host!.Interval);
        _clock.Now = T0 + 180 + 100;
        Assert.False(fleet.IsStale(host)); // 100 s is not 3 of its intervals
        _clock.Now = T0 + 180 + 181;
        Assert.True(fleet.IsStale(host));
    }

    [Fact]
    public void The_interval_is_the_median_of_recent_gaps_so_one_outage_does_not_change_it()
    {
        var fleet = Make();
        Send(fleet, "web-1", 0, 10, 20, 3620, 3630, 3640, 3650);
        fleet.TryGet("web-1", out var host);
        Assert.Equal(10, host!.Interval);
    }

    [Fact]
    public void Until_three_gaps_are_known_the_configured_interval_applies()
    {
        var fleet = Make(new FleetRules { IntervalSeconds = 20, StaleIntervals = 2 });
        Send(fleet, "web-1", 0, 600);
        fleet.TryGet("web-1", out var host);
        Assert.Equal(0, host!.Interval);
        Assert.Equal(40, fleet.Rules.StaleAfter(host));
    }

    [Fact]
    public void Bursts_within_an_interval_do_not_make_the_threshold_shorter_than_the_configured_interval()
    {
        var fleet = Make();
        Send(fleet, "web-1", 0, 1, 2, 3, 4, 5, 6, 7, 8);
        fleet.TryGet("web-1", out var host);
        Assert.Equal(1, host!.Interval);
        Assert.Equal(30, fleet.Rules.StaleAfter(host));
    }

    [Fact]
    public void Collectd_hosts_get_their_series_root_from_the_naming_rule()
    {
        var fleet = Make(collectdRoot: static h => "collectd." + h.Replace('.', '_'));
        fleet.Seen("web-1.example.com", "cpu", T0);
        fleet.TryGet("web-1.example.com", out var host);
        Assert.Equal("collectd.web-1_example_com", host!.SeriesRoot);
        Assert.Equal(HostSource.Collectd, host.Source);
        Assert.Equal("web", host.Group);
    }

    [Fact]
    public void A_snapshot_keeps_times_roots_sources_and_intervals_and_regroups_by_the_current_rules()
    {
        var fleet = Make();
        Send(fleet, "web-1", 0, 60, 120, 180);
        fleet.GetOrAdd("app-7", HostSource.Graphite, "servers.app-7", T0 + 100);
        fleet.Save();

        var reloaded = Make(new FleetRules { Grouping = new HostGrouping([@"^(?<group>[a-z]+-\d)"]) });
        Assert.Equal(2, reloaded.Count);
        reloaded.TryGet("web-1", out var web);
        Assert.Equal((T0, T0 + 180, 60.0, HostSource.Collectd, "web-1", "web-1"), (web!.FirstSeen, web.LastSeen, web.Interval, web.Source, web.SeriesRoot, web.Group));
        Assert.Equal(["load"], web.Plugins);
        reloaded.TryGet("app-7", out var app);
        Assert.Equal((HostSource.Graphite, "servers.app-7", "app-7"), (app!.Source, app.SeriesRoot, app.Group));
    }

    [Fact]
    public void Bad_rules_are_refused()
    {
        Assert.Throws<FormatException>(() => Make(new FleetRules { IntervalSeconds = 0 }));
        Assert.Throws<FormatException>(() => Make(new FleetRules { StaleIntervals = 0 }));
    }
}
