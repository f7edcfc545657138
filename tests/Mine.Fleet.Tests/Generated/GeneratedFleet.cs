namespace Mine.Fleet.Tests.Generated;

/// <summary>What was planted in a generated fleet, and what the detection must say of it.</summary>
internal enum PlantedCase
{
    /// <summary>CPU and load at 3× for the last 40 minutes: listed above on those metrics.</summary>
    LevelOver,

    /// <summary>Requests and network sent at 0.2×: listed below.</summary>
    LevelUnder,

    /// <summary>CPU, load, network both ways, disk operations and requests each about 1.75 robust deviations (of a
    /// point) low, memory as usual: a host out of its load balancer. No metric alone lists it; the combination must.</summary>
    ManyMildlyLow,

    /// <summary>Disk operations at 2.5× the host's own normal, still inside the group's range (the host is one of the
    /// smallest of a group whose members differ up to 4×): listed above on disk_ops, against its own normal.</summary>
    OwnNormalSpike,

    /// <summary>Stopped sending 10 minutes ago: listed as stale, and only as that.</summary>
    Stale,
}

internal sealed record PlantedHost(string Host, string Group, PlantedCase Case);

/// <summary>
/// A seeded synthetic fleet for the landmine detection: groups of 20–100 hosts whose levels at rest differ up to 4×,
/// with per-point noise (8 %, log-normal), a slow wander of each host, a daily cycle the whole group shares, in some
/// groups a tenth of bigger machines (2–4× on everything, all along: not landmines), and the cases of
/// <see cref="PlantedCase"/>, one of each per group. 26 hours at one point a minute, collectd write_graphite names.
/// </summary>
internal sealed class GeneratedFleet
{
    public const long Step = 60;
    public const long HistorySeconds = 26 * 3600;
    public const long PlantedSeconds = 40 * 60;
    public const double PointNoise = 0.08;

    /// <summary>Series names under a host and each metric's level for a host at rest.</summary>
    private static readonly (string Metric, string Series, double Level, double Cycle)[] Metrics =
    [
        ("cpu", "cpu-0.cpu-user", 40, 0.5),
        ("load", "load.load.shortterm", 2, 0.5),
        ("memory", "memory.memory-used", 4e9, 0.05),
        ("if_rx", "interface-eth0.if_octets.rx", 1e6, 0.5),
        ("if_tx", "interface-eth0.if_octets.tx", 3e6, 0.5),
        ("disk_ops", "disk-sda.disk_ops.read", 120, 0.3),
        ("nginx", "nginx.nginx_requests", 500, 0.5),
    ];

    private static readonly string[] GroupNames = ["web", "app", "db", "cache"];

    public GeneratedFleet(int seed, long now)
    {
        Now = now;
        var random = new Random(seed);
        var start = now - HistorySeconds;
        start -= start % Step;
        var points = (int)((now - start) / Step) + 1;
        for (var g = 0; g < GroupNames.Length; g++)
        {
            var group = GroupNames[g];
            var size = random.Next(20, 101);
            var bigMachines = g % 2 == 0;
            var levels = Enumerable.Range(0, size).Select(_ => Math.Exp(random.NextDouble() * Math.Log(4))).ToArray();
            var names = Enumerable.Range(1, size).Select(i => $"{group}-{i:000}").ToArray();

            // Planted hosts: distinct, never a big machine; the spike on the smallest host so 2.5× stays in range.
            var smallest = Array.IndexOf(levels, levels.Min());
            var order = Enumerable.Range(0, size).Where(i => i != smallest).OrderBy(_ => random.Next()).ToList();
            var planted = new Dictionary<int, PlantedCase> { [smallest] = PlantedCase.OwnNormalSpike };
            foreach (var planting in new[] { PlantedCase.LevelOver, PlantedCase.LevelUnder, PlantedCase.ManyMildlyLow, PlantedCase.Stale })
            {
                planted[order[0]] = planting;
                order.RemoveAt(0);
            }

            var big = bigMachines ? order.Take(Math.Max(2, size / 10)).ToHashSet() : [];
            foreach (var (index, planting) in planted)
            {
                Planted.Add(new PlantedHost(names[index], group, planting));
            }

            for (var h = 0; h < size; h++)
            {
                var level = levels[h] * (big.Contains(h) ? 2 + (2 * random.NextDouble()) : 1);
                var planting = planted.TryGetValue(h, out var p) ? p : (PlantedCase?)null;
                var lastPoint = planting == PlantedCase.Stale ? points - 11 : points;
                Hosts.Add((names[h], group, start + ((lastPoint - 1) * Step)));
                foreach (var (metric, series, metricLevel, cycle) in Metrics)
                {
                    var own = metricLevel * level * Math.Exp(0.1 * Gaussian(random));
                    var (wanderPeriod, wanderPhase) = (3600 * (2 + (4 * random.NextDouble())), 2 * Math.PI * random.NextDouble());
                    var values = new double[lastPoint];
                    for (var i = 0; i < lastPoint; i++)
                    {
                        var t = start + (i * Step);
                        var daily = 1 + (cycle * Math.Sin(2 * Math.PI * (t % 86400) / 86400));
                        var wander = 1 + (0.02 * Math.Sin((2 * Math.PI * t / wanderPeriod) + wanderPhase));
                        var value = own * daily * wander * Math.Exp(PointNoise * Gaussian(random));
                        if (now - t < PlantedSeconds)
                        {
                            value *= Factor(planting, metric);
                        }

                        values[i] = value;
                    }

                    Source.Add($"{names[h]}.{series}", start, Step, values);
                }
            }
        }
    }

    public long Now { get; }

    public InMemorySeriesSource Source { get; } = new();

    /// <summary>Every host with its group and the time of its last point.</summary>
    public List<(string Host, string Group, long LastSeen)> Hosts { get; } = [];

    public List<PlantedHost> Planted { get; } = [];

    /// <summary>A registry that has seen every host up to its last point.</summary>
    public FleetRegistry Registry(string directory, TimeProvider clock)
    {
        var fleet = new FleetRegistry(directory, time: clock);
        foreach (var (host, _, lastSeen) in Hosts)
        {
            var record = fleet.GetOrAdd(host, HostSource.Graphite, host, Now - HistorySeconds);
            fleet.Observe(record, "cpu", lastSeen);
        }

        return fleet;
    }

    private static double Factor(PlantedCase? planting, string metric) => (planting, metric) switch
    {
        (PlantedCase.LevelOver, "cpu" or "load") => 3,
        (PlantedCase.LevelUnder, "nginx" or "if_tx") => 0.2,
        (PlantedCase.ManyMildlyLow, not "memory") => Math.Exp(-1.75 * PointNoise),
        (PlantedCase.OwnNormalSpike, "disk_ops") => 2.5,
        _ => 1,
    };

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
