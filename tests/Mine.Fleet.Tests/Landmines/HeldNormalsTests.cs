using Mine.Fleet.Tests.Generated;
using Mine.TestKit;

namespace Mine.Fleet.Tests.Landmines;

/// <summary>
/// A landmine does not fade: a host that fell out of its load balancer stays listed after it has been out for most of
/// the history its normal is learnt from, through a restart, and is not listed the other way once it is back.
/// </summary>
public sealed class HeldNormalsTests : IDisposable
{
    private const long Step = 60;
    private const long Hour = 3600;

    /// <summary>The host drops to a fifth of its requests and traffic at <see cref="Off"/> and is back at <see cref="Back"/>.</summary>
    private const string Dropped = "web-003";

    private static readonly long Off = 1_780_000_000 - (1_780_000_000 % Step);
    private static readonly long Back = Off + (21 * Hour);

    private readonly string _directory = Directory.CreateTempSubdirectory("mine-held-normals").FullName;
    private readonly InMemorySeriesSource _source = Fleet();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_host_off_for_most_of_its_history_stays_listed_and_a_restart_keeps_it()
    {
        var clock = new ManualClock(Off + Hour);
        var fleet = Registry(_directory, clock);
        var detector = new LandmineDetector(fleet, _source, time: clock);
        Assert.Equal("below", Listed(detector)?.Side);

        // Hourly for 19 hours: every metric's normal is relearnt several times over a history that is more and more off.
        for (var t = Off + (2 * Hour); t <= Off + (20 * Hour); t += Hour)
        {
            Advance(clock, fleet, t);
            var landmine = Listed(detector);
            Assert.True(landmine is { Side: "below" }, $"{Dropped} not listed below {(t - Off) / Hour} h after it dropped");
        }

        var nginx = Listed(detector)!.Evidence.Single(static e => e.Metric.Id == "nginx");
        Assert.InRange(nginx.RatioToNormal!.Value, 0.15, 0.27);

        // A restart learns every normal from the history again; the held ones come from the data folder.
        var restarted = new LandmineDetector(Registry(_directory, clock), _source, time: clock);
        Assert.Equal("below", Listed(restarted)?.Side);

        // Without them (a data folder of its own), 20 of the last 24 hours off are this host's normal: it would fade.
        var elsewhere = Directory.CreateTempSubdirectory("mine-held-normals-none").FullName;
        try
        {
            Assert.Null(Listed(new LandmineDetector(Registry(elsewhere, clock), _source, time: clock)));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void A_host_that_is_back_is_not_listed_the_other_way_when_its_normals_are_released_and_relearnt()
    {
        var clock = new ManualClock(Off + Hour);
        var fleet = Registry(_directory, clock);
        var detector = new LandmineDetector(fleet, _source, time: clock);
        for (var t = Off + Hour; t < Back; t += Hour)
        {
            Advance(clock, fleet, t);
            Assert.NotNull(Listed(detector));
        }

        // Back for its window: unlisted; then released, and every normal relearnt without the hours it was off.
        for (var t = Back + (20 * 60); t <= Back + (5 * Hour); t += 10 * 60)
        {
            Advance(clock, fleet, t);
            var landmine = Listed(detector);
            Assert.True(landmine is null, $"{Dropped} listed {landmine?.Side} {(t - Back) / 60} min after it came back");
        }

        var file = File.ReadAllText(Path.Combine(_directory, "landmine-normals.json"));
        Assert.Contains(Dropped, file, StringComparison.Ordinal); // the hours it was off, still left out of its normal
        Assert.DoesNotContain("\"Normals\"", file, StringComparison.Ordinal); // released
    }

    [Fact]
    public void The_documented_version_1_file_is_read_and_another_version_is_ignored()
    {
        // docs/storage-format.md, "Data folder": the example given there.
        File.WriteAllText(Path.Combine(_directory, "landmine-normals.json"), """
            {"Version": 1, "Hosts": {"web-003": {"Since": 1780003600, "LastListed": 1780075600,
              "Normals": {"nginx": -0.41, "if_tx": -0.38, "cpu": 0.12}, "Listed": [[1780000000, 1780075600]]}}}
            """);
        var held = new HeldNormals(_directory);
        Assert.True(held.TryGet("web-003", "if_tx", out var normal));
        Assert.Equal(-0.38, normal);
        Assert.False(held.TryGet("web-003", "memory", out _));
        Assert.True(held.WasListed("web-003", 1780075600, 1780075900));
        Assert.False(held.WasListed("web-003", 1779999000, 1780000000));

        File.WriteAllText(Path.Combine(_directory, "landmine-normals.json"), """{"Version": 2, "Hosts": {"web-003": {"Normals": {"nginx": 1}}}}""");
        Assert.False(new HeldNormals(_directory).TryGet("web-003", "nginx", out _));
        File.WriteAllText(Path.Combine(_directory, "landmine-normals.json"), "{not json");
        Assert.False(new HeldNormals(_directory).WasListed("web-003", 0, long.MaxValue));
    }

    private static Landmine? Listed(LandmineDetector detector) =>
        detector.Get().Landmines.SingleOrDefault(static l => l.Host == Dropped && l.Kind == LandmineKind.Level);

    private static void Advance(ManualClock clock, FleetRegistry fleet, long now)
    {
        clock.Now = now;
        foreach (var host in fleet.Hosts())
        {
            fleet.Observe(host, "nginx", now);
        }
    }

    private static FleetRegistry Registry(string directory, ManualClock clock)
    {
        var fleet = new FleetRegistry(directory, time: clock);
        for (var i = 1; i <= 15; i++)
        {
            fleet.Observe(fleet.GetOrAdd($"web-{i:000}", HostSource.Graphite, $"web-{i:000}", Off - (26 * Hour)), "nginx", clock.Now);
        }

        return fleet;
    }

    /// <summary>15 web hosts from 26 hours before the drop to a day after: levels 1–4× apart, 8 % noise, a shared daily
    /// cycle; requests, traffic sent and CPU.</summary>
    private static InMemorySeriesSource Fleet()
    {
        var source = new InMemorySeriesSource();
        var random = new Random(7);
        var start = Off - (26 * Hour);
        var points = (int)((50 * Hour) / Step);
        for (var i = 1; i <= 15; i++)
        {
            var host = $"web-{i:000}";
            var level = Math.Exp(random.NextDouble() * Math.Log(4));
            foreach (var (series, metricLevel, dropsWithTraffic) in new[] { ("nginx.nginx_requests", 500.0, true), ("interface-eth0.if_octets.tx", 3e6, true), ("cpu-0.cpu-user", 40.0, false) })
            {
                var values = new double[points];
                for (var p = 0; p < points; p++)
                {
                    var t = start + (p * Step);
                    var daily = 1 + (0.5 * Math.Sin(2 * Math.PI * (t % 86400) / 86400));
                    var noise = Math.Exp(0.08 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
                    var off = host == Dropped && dropsWithTraffic && t >= Off && t < Back ? 0.2 : 1;
                    values[p] = metricLevel * level * daily * noise * off;
                }

                source.Add($"{host}.{series}", start, Step, values);
            }
        }

        return source;
    }
}
