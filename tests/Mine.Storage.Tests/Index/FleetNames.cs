namespace Mine.Storage.Tests.Index;

/// <summary>The series names of /work/shared/bench/gen_fleet.py: 96 collectd-style series per host.</summary>
internal static class FleetNames
{
    private static readonly string[] Roles = ["web", "app", "db", "cache", "batch"];

    public static IEnumerable<string> Generate(int hosts)
    {
        var series = SeriesPerHost();
        for (var h = 0; h < hosts; h++)
        {
            var host = $"{Roles[h % Roles.Length]}-{(h / Roles.Length) + 1:D3}";
            foreach (var s in series)
            {
                yield return $"servers.{host}.{s}";
            }
        }
    }

    public static List<string> SeriesPerHost()
    {
        var s = new List<string>();
        for (var c = 0; c < 4; c++)
        {
            foreach (var state in new[] { "idle", "user", "system", "wait", "nice", "interrupt", "softirq", "steal" })
            {
                s.Add($"cpu-{c}.cpu-{state}");
            }
        }

        s.AddRange(["load.load.shortterm", "load.load.midterm", "load.load.longterm"]);
        s.AddRange(new[] { "used", "free", "cached", "buffered", "slab_recl", "slab_unrecl" }.Select(m => $"memory.memory-{m}"));
        foreach (var i in new[] { "eth0", "eth1", "lo" })
        {
            foreach (var t in new[] { "if_octets", "if_packets", "if_errors" })
            {
                s.AddRange(new[] { "rx", "tx" }.Select(d => $"interface-{i}.{t}.{d}"));
            }
        }

        foreach (var d in new[] { "sda", "sdb" })
        {
            foreach (var t in new[] { "disk_octets", "disk_ops", "disk_time", "disk_merged" })
            {
                s.AddRange(new[] { "read", "write" }.Select(x => $"disk-{d}.{t}.{x}"));
            }
        }

        foreach (var fs in new[] { "root", "var", "data" })
        {
            s.AddRange(new[] { "free", "used", "reserved" }.Select(t => $"df-{fs}.df_complex-{t}"));
        }

        s.AddRange(new[] { "running", "sleeping", "zombies", "stopped", "paging", "blocked" }.Select(p => $"processes.ps_state-{p}"));
        s.AddRange(["nginx.nginx_requests", "nginx.connections-active", "nginx.connections-reading",
            "nginx.connections-writing", "nginx.connections-waiting", "nginx.response"]);
        return s;
    }
}
