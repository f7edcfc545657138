using Mine.Alerts.Sources;
using Mine.Fleet;
using Mine.TestKit;

namespace Mine.Alerts.Tests.Sources;

public sealed class FleetSourcesTests : IDisposable
{
    private const long T0 = 1_780_000_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("mine-fleet-sources").FullName;
    private readonly ManualClock _clock = new(T0);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Only_hosts_seen_fresh_since_the_start_or_already_alerting_go_stale()
    {
        var fleet = new FleetRegistry(_folder, new FleetRules { IntervalSeconds = 10, StaleIntervals = 3 }, time: _clock);
        fleet.Seen("old-1", "load", T0 - 3600);
        fleet.Seen("web-1", "load", T0);
        var sources = new FleetSources(fleet, static () => null);
        Assert.Empty(sources.Stale(T0, static _ => false));

        _clock.Now = T0 + 31;
        Assert.Equal(["stale:web-1"], sources.Stale(_clock.Now, static _ => false).Select(static c => c.Key));
        Assert.Equal(["stale:old-1", "stale:web-1"], sources.Stale(_clock.Now, static key => key == "stale:old-1").Select(static c => c.Key).Order());
    }

    [Fact]
    public void A_host_that_sent_once_and_fell_silent_before_any_evaluation_still_goes_stale()
    {
        var fleet = new FleetRegistry(_folder, new FleetRules { IntervalSeconds = 10, StaleIntervals = 3 }, time: _clock);
        fleet.Seen("web-2", "load", T0);
        var sources = new FleetSources(fleet, static () => null);

        // The first evaluation comes late (a loaded machine): the host is stale already, never seen fresh by one.
        _clock.Now = T0 + 60;
        Assert.Equal(["stale:web-2"], sources.Stale(_clock.Now, static _ => false).Select(static c => c.Key));

        // After a restart the host comes back from fleet.json, not from a point: it does not alert.
        fleet.Save();
        var restarted = new FleetRegistry(_folder, new FleetRules { IntervalSeconds = 10, StaleIntervals = 3 }, time: _clock);
        Assert.Empty(new FleetSources(restarted, static () => null).Stale(_clock.Now, static _ => false));
    }

    [Fact]
    public void A_level_landmine_is_one_alert_per_host_and_a_detection_that_left_a_metric_out_judges_none()
    {
        var fleet = new FleetRegistry(_folder, time: _clock);
        var cpu = LandmineDetector.Metrics.Single(static m => m.Id == "cpu");
        var load = LandmineDetector.Metrics.Single(static m => m.Id == "load");
        MetricEvidence Evidence(FleetMetric metric, double score, bool beyond) => new(metric, score, 2, 2, beyond ? 600 : 0, beyond, "", "", "");
        Landmine[] listed =
        [
            new("web-3", "web", LandmineKind.Level, "above", 5, 5, T0 - 600, false, [Evidence(cpu, 5, true), Evidence(load, 1, false)]),
            new("web-4", "web", LandmineKind.Level, "below", 3.6, -3.6, T0 - 900, true, [Evidence(cpu, -1.9, false), Evidence(load, -1.7, false)]),
            new("web-5", "web", LandmineKind.Stale, null, 0, double.NaN, T0 - 3600, false, []),
        ];
        LandmineSnapshot Snapshot(params LandmineFailure[] failures) => new(T0, 0.1, 10, listed, new Dictionary<string, IReadOnlyList<GroupMetric>>(), new Dictionary<string, double>())
        {
            Failures = failures,
        };

        var (conditions, judged) = new FleetSources(fleet, () => Snapshot()).Landmines(T0);
        Assert.Equal(
            [("landmine:web-3:level", "cpu", "web-3 is over-working against its group web on cpu"), ("landmine:web-4:level", "combined", "web-4 is under-working against its group web on cpu, load together")],
            conditions.Select(static c => (c.Key, c.Subject, c.Summary)));
        Assert.True(judged("landmines:level"));
        Assert.False(judged("stale"));

        // A metric left out: the verdicts rest on every metric, so no level alert is judged (none resolves).
        Assert.False(new FleetSources(fleet, () => Snapshot(new LandmineFailure(load, null, new IOException("disk")))).Landmines(T0).Evaluated("landmines:level"));

        // No detection yet: nothing is judged, so nothing resolves.
        Assert.False(new FleetSources(fleet, static () => null).Landmines(T0).Evaluated("landmines:level"));
    }
}
