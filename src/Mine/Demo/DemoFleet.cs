using System.Text;
using Mine.Core.Series;

namespace Mine.Demo;

/// <summary>How a demo host behaves compared with its group.</summary>
public enum DemoBehaviour
{
    Normal,

    /// <summary>Works far harder than its group (CPU, load, traffic): a landmine.</summary>
    OverWorking,

    /// <summary>Works far less than its group: a landmine (a host dropped from the balancer, a stuck worker).</summary>
    UnderWorking,

    /// <summary>Stopped sending a while ago.</summary>
    Stale,
}

/// <summary>One synthetic host: name, group, cores, behaviour and the series it sends (relative to its root).</summary>
public sealed record DemoHost(string Name, string Group, int Index, int Cores, DemoBehaviour Behaviour, IReadOnlyList<string> Series);

/// <summary>
/// A deterministic synthetic fleet for <c>mine serve --demo</c>: a few hundred hosts in groups (web, app, db, cache,
/// lb, batch), each sending what collectd's usual plugins send, named as write_graphite names them
/// (<c>web-007.cpu-0.cpu-user</c>, <c>web-007.load.load.shortterm</c>, …; rates already computed, as StoreRates
/// does), with a daily rhythm, noise, and a few known landmines. Values depend only on (host, series, time), so a
/// backfill and the live points agree and tests can predict them.
/// </summary>
public sealed class DemoFleet
{
    /// <summary>Groups, member counts, cores, and how busy the group is on average (0..1).</summary>
    private static readonly (string Group, int Count, int Cores, double Load)[] Groups =
    [
        ("web", 120, 4, 0.35), ("app", 80, 4, 0.45), ("db", 24, 8, 0.30), ("cache", 32, 2, 0.20), ("lb", 8, 2, 0.15), ("batch", 16, 4, 0.60),
    ];

    /// <summary>The landmines every demo fleet has, and the two hosts that stopped sending.</summary>
    public static readonly IReadOnlyDictionary<string, DemoBehaviour> KnownBehaviours = new Dictionary<string, DemoBehaviour>(StringComparer.Ordinal)
    {
        ["web-007"] = DemoBehaviour.OverWorking,
        ["web-042"] = DemoBehaviour.UnderWorking,
        ["app-013"] = DemoBehaviour.OverWorking,
        ["db-005"] = DemoBehaviour.OverWorking,
        ["cache-009"] = DemoBehaviour.UnderWorking,
        ["web-088"] = DemoBehaviour.Stale,
        ["batch-004"] = DemoBehaviour.Stale,
    };

    private static readonly string[] CpuStates = ["user", "system", "wait", "nice", "interrupt", "softirq", "steal", "idle"];

    private readonly byte[][][] _names;

    /// <param name="root">Text before each host name in its paths (empty: the host is the first node, as
    /// write_graphite names series; <c>servers.</c> for <c>servers.web-007.…</c>).</param>
    /// <param name="scale">Fraction of each group's members to create (tests use a small fleet).</param>
    public DemoFleet(string root = "", double scale = 1.0)
    {
        Root = root;
        var hosts = new List<DemoHost>();
        foreach (var (group, count, cores, _) in Groups)
        {
            var members = Math.Max(1, (int)Math.Round(count * scale));
            for (var i = 1; i <= members; i++)
            {
                var name = $"{group}-{i:000}";
                var behaviour = KnownBehaviours.GetValueOrDefault(name, DemoBehaviour.Normal);
                hosts.Add(new DemoHost(name, group, hosts.Count, cores, behaviour, SeriesFor(group, cores)));
            }
        }

        Hosts = hosts;
        _names = hosts.Select(h => h.Series.Select(s => Encoding.UTF8.GetBytes($"{root}{h.Name}.{s}")).ToArray()).ToArray();
    }

    public string Root { get; }

    public IReadOnlyList<DemoHost> Hosts { get; }

    public int SeriesCount => _names.Sum(static n => n.Length);

    /// <summary>
    /// How long the stale hosts keep sending live once the history is written. They must stop while Mine watches:
    /// only a host seen sending since the start alerts when it goes stale (docs/alerts.md), so hosts silent from the
    /// start would never show a stale alert. A minute lets their interval settle on the live 5 s and an alert
    /// evaluation (every 30 s) see them fresh; 30 s of silence later they are stale.
    /// </summary>
    public static TimeSpan StaleAfterLive { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The series a host of <paramref name="group"/> sends, relative to its root.</summary>
    public static IReadOnlyList<string> SeriesFor(string group, int cores)
    {
        var series = new List<string>();
        for (var core = 0; core < cores; core++)
        {
            series.AddRange(CpuStates.Select(state => $"cpu-{core}.cpu-{state}"));
        }

        series.AddRange(["load.load.shortterm", "load.load.midterm", "load.load.longterm"]);
        series.AddRange(["memory.memory-used", "memory.memory-buffered", "memory.memory-cached", "memory.memory-free"]);
        foreach (var type in new[] { "if_octets", "if_packets", "if_errors" })
        {
            series.AddRange([$"interface-eth0.{type}.rx", $"interface-eth0.{type}.tx"]);
        }

        foreach (var type in new[] { "disk_ops", "disk_octets" })
        {
            series.AddRange([$"disk-sda.{type}.read", $"disk-sda.{type}.write"]);
        }

        series.AddRange(["df-root.df_complex-used", "df-root.df_complex-free", "df-root.df_complex-reserved"]);
        series.AddRange(["processes.ps_state-running", "processes.ps_state-sleeping", "processes.ps_state-blocked", "processes.ps_state-zombies", "processes.fork_rate"]);
        if (group is "web" or "lb")
        {
            series.AddRange(["nginx.nginx_requests", "nginx.nginx_connections-active", "nginx.nginx_connections-reading", "nginx.nginx_connections-writing", "nginx.nginx_connections-waiting"]);
        }

        return series;
    }

    /// <summary>Whether the host sends at <paramref name="time"/>: every host does, but the stale ones stop after <paramref name="staleStop"/>.</summary>
    public static bool Sends(DemoHost host, long time, long staleStop) =>
        host.Behaviour != DemoBehaviour.Stale || time <= staleStop;

    /// <summary>Appends every series of every host that sends at <paramref name="time"/> (the stale ones until <paramref name="staleStop"/>).</summary>
    public void Append(PointBatch batch, long time, long staleStop)
    {
        foreach (var host in Hosts)
        {
            if (Sends(host, time, staleStop))
            {
                AppendHost(batch, host, time);
            }
        }
    }

    public void AppendHost(PointBatch batch, DemoHost host, long time)
    {
        var names = _names[host.Index];
        for (var s = 0; s < names.Length; s++)
        {
            batch.Add(names[s], time, Value(host, s, time));
        }
    }

    /// <summary>How busy the host is at <paramref name="time"/>, 0..~1: its group's daily curve times its behaviour.</summary>
    public static double Utilisation(DemoHost host, long time)
    {
        var groupLoad = Groups.First(g => g.Group == host.Group).Load;
        var day = 1 + (0.35 * Math.Sin(2 * Math.PI * ((time % 86400) / 86400.0 - 0.3)));
        var wobble = 1 + (0.08 * Math.Sin((time / 900.0) + host.Index));
        var bias = host.Behaviour switch
        {
            DemoBehaviour.OverWorking => 2.4,
            DemoBehaviour.UnderWorking => 0.12,
            _ => 0.9 + (0.2 * Unit(host.Index, 0, 0)),
        };
        return Math.Clamp(groupLoad * day * wobble * bias * (1 + (0.05 * Noise(host.Index, 1, time))), 0.005, 0.97);
    }

    /// <summary>The value of series <paramref name="series"/> (an index into <see cref="DemoHost.Series"/>) at a time.</summary>
    public double Value(DemoHost host, int series, long time)
    {
        var u = Utilisation(host, time);
        var name = host.Series[series];
        var n = Noise(host.Index, series + 7, time);
        var cpuStates = host.Cores * CpuStates.Length;
        if (series < cpuStates)
        {
            // Per-core jiffies per second (collectd's cpu plugin, derived): the states of one core add up to 100.
            var core = series / CpuStates.Length;
            var cu = Math.Clamp(u * (1 + (0.1 * Noise(host.Index, 100 + core, time))), 0, 0.98);
            var wait = host.Group == "db" ? 2 + (8 * cu) : 0.5;
            return CpuStates[series % CpuStates.Length] switch
            {
                "user" => 100 * cu * 0.72,
                "system" => 100 * cu * 0.2,
                "wait" => wait,
                "nice" => 0.3,
                "interrupt" => 0.1 + (0.4 * cu),
                "softirq" => 0.2 + (2 * cu),
                "steal" => 0.05,
                _ => Math.Max(0, 100 - (100 * cu * 0.92) - wait - 0.45 - (0.4 * cu) - 0.2 - (2 * cu)),
            };
        }

        var memoryTotal = host.Group switch { "db" => 64e9, "cache" => 32e9, "app" => 16e9, _ => 8e9 };
        var disk = host.Group == "db" ? 40.0 : 4.0;
        return name switch
        {
            "load.load.shortterm" => host.Cores * u * (1.05 + (0.1 * n)),
            "load.load.midterm" => host.Cores * u,
            "load.load.longterm" => host.Cores * u * 0.97,
            "memory.memory-used" => memoryTotal * (0.25 + (0.45 * u)),
            "memory.memory-buffered" => memoryTotal * 0.03,
            "memory.memory-cached" => memoryTotal * 0.2,
            "memory.memory-free" => memoryTotal * (0.52 - (0.45 * u)),
            "interface-eth0.if_octets.rx" => 2e6 * u * (1 + (0.05 * n)),
            "interface-eth0.if_octets.tx" => 6e6 * u * (1 + (0.05 * n)),
            "interface-eth0.if_packets.rx" => 2e6 * u / 700,
            "interface-eth0.if_packets.tx" => 6e6 * u / 1200,
            "interface-eth0.if_errors.rx" or "interface-eth0.if_errors.tx" => 0,
            "disk-sda.disk_ops.read" => disk * u * 3,
            "disk-sda.disk_ops.write" => disk * u * 5 * (1 + (0.1 * n)),
            "disk-sda.disk_octets.read" => disk * u * 3 * 16384,
            "disk-sda.disk_octets.write" => disk * u * 5 * 8192,
            "df-root.df_complex-used" => 21e9 + (1e9 * Unit(host.Index, 2, 0)) + (time % 86400 * 1000.0),
            "df-root.df_complex-free" => 79e9 - (1e9 * Unit(host.Index, 2, 0)) - (time % 86400 * 1000.0),
            "df-root.df_complex-reserved" => 5.4e9,
            "processes.ps_state-running" => Math.Round(1 + (host.Cores * u)),
            "processes.ps_state-sleeping" => 180 + Math.Round(20 * Unit(host.Index, 3, 0)),
            "processes.ps_state-blocked" => Math.Round(2 * u * Unit(host.Index, 4, time / 60)),
            "processes.ps_state-zombies" => 0,
            "processes.fork_rate" => 6 * u * (1 + (0.2 * n)),
            "nginx.nginx_requests" => 900 * u * (1 + (0.05 * n)),
            "nginx.nginx_connections-active" => Math.Round(120 * u),
            "nginx.nginx_connections-reading" => Math.Round(4 * u),
            "nginx.nginx_connections-writing" => Math.Round(20 * u),
            "nginx.nginx_connections-waiting" => Math.Round(96 * u),
            _ => 0,
        };
    }

    /// <summary>A deterministic number in [0, 1) from three integers (SplitMix64).</summary>
    private static double Unit(int a, int b, long c)
    {
        var x = unchecked(((ulong)a * 0x9E3779B97F4A7C15UL) ^ ((ulong)b * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)c * 0x165667B19E3779F9UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) / (double)(1UL << 53);
    }

    /// <summary>Deterministic noise in [-1, 1), fresh every minute.</summary>
    private static double Noise(int host, int series, long time) => (2 * Unit(host, series, time / 60)) - 1;
}
