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
    public void Landmines_of_a_metric_left_out_of_the_detection_are_not_judged()
    {
        var fleet = new FleetRegistry(_folder, time: _clock);
        var cpu = LandmineDetector.Metrics.Single(static m => m.Id == "cpu");
        var load = LandmineDetector.Metrics.Single(static m => m.Id == "load");
        var snapshot = new LandmineSnapshot(T0, 0.1, 10, [new Landmine("web-3", "web", cpu, "above", 5, 5, 600, "", "", "")], new Dictionary<string, IReadOnlyList<GroupMetric>>(), new Dictionary<string, double>())
        {
            Failures = [new LandmineFailure(load, null, new IOException("disk"))],
        };
        var (conditions, judged) = new FleetSources(fleet, () => snapshot).Landmines(T0);
        var landmine = Assert.Single(conditions);
        Assert.Equal(("landmine:web-3:cpu", "web", "web-3 is above its group web on cpu"), (landmine.Key, landmine.Group, landmine.Summary));
        Assert.True(judged("landmines:cpu"));
        Assert.False(judged("landmines:load"));
        Assert.False(judged("stale"));

        // No detection yet: nothing is judged, so nothing resolves.
        Assert.False(new FleetSources(fleet, static () => null).Landmines(T0).Evaluated("landmines:cpu"));
    }
}
