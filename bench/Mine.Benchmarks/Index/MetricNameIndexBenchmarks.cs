using BenchmarkDotNet.Attributes;
using Mine.Storage.Index;

namespace Mine.Benchmarks.Index;

/// <summary>
/// Glob lookups over the 1,300-host fleet of ../shared/bench/gen_fleet.py (124,800 names, 96 per host).
/// Run: <c>dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*Index*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class MetricNameIndexBenchmarks
{
    private MetricNameIndex _index = null!;
    private string[] _names = null!;

    [GlobalSetup]
    public void Setup()
    {
        _names = [.. FleetNames(1300)];
        _index = new MetricNameIndex();
        for (var i = 0; i < _names.Length; i++)
        {
            _index.TryAdd(_names[i], i);
        }
    }

    /// <summary>41,600 leaves: every CPU series of every host.</summary>
    [Benchmark(Baseline = true)]
    public int FindCpuOfAllHosts() => _index.Find("servers.*.cpu-*.*").Count;

    [Benchmark]
    public int FindLeavesCpuOfAllHosts() => _index.FindLeaves("servers.*.cpu-*.*").Count;

    /// <summary>780 leaves: a role's load (prefix skipping at the host level).</summary>
    [Benchmark]
    public int FindLoadOfWebHosts() => _index.Find("servers.web-*.load.load.*").Count;

    /// <summary>The Grafana multi-value shape: a brace list of hosts, one series each.</summary>
    [Benchmark]
    public int FindBraceListOfTenHosts() =>
        _index.Find("servers.{web-001,web-002,web-003,web-004,web-005,db-001,db-002,db-003,db-004,db-005}.load.load.midterm").Count;

    /// <summary>The ingest hot path: exact name to id, 1,000 names.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int TryGetId1000()
    {
        var found = 0;
        for (var i = 0; i < 1000; i++)
        {
            if (_index.TryGetId(_names[i * 97], out _))
            {
                found++;
            }
        }

        return found;
    }

    /// <summary>Building the whole fleet index from scratch (startup / index rebuild cost).</summary>
    [Benchmark]
    public int BuildFleetIndex()
    {
        var index = new MetricNameIndex();
        for (var i = 0; i < _names.Length; i++)
        {
            index.TryAdd(_names[i], i);
        }

        return index.Count;
    }

    private static IEnumerable<string> FleetNames(int hosts)
    {
        string[] roles = ["web", "app", "db", "cache", "batch"];
        var series = new List<string>();
        for (var c = 0; c < 4; c++)
        {
            series.AddRange(new[] { "idle", "user", "system", "wait", "nice", "interrupt", "softirq", "steal" }.Select(s => $"cpu-{c}.cpu-{s}"));
        }

        series.AddRange(["load.load.shortterm", "load.load.midterm", "load.load.longterm"]);
        series.AddRange(new[] { "used", "free", "cached", "buffered", "slab_recl", "slab_unrecl" }.Select(m => $"memory.memory-{m}"));
        foreach (var i in new[] { "eth0", "eth1", "lo" })
        {
            foreach (var t in new[] { "if_octets", "if_packets", "if_errors" })
            {
                series.AddRange([$"interface-{i}.{t}.rx", $"interface-{i}.{t}.tx"]);
            }
        }

        foreach (var d in new[] { "sda", "sdb" })
        {
            foreach (var t in new[] { "disk_octets", "disk_ops", "disk_time", "disk_merged" })
            {
                series.AddRange([$"disk-{d}.{t}.read", $"disk-{d}.{t}.write"]);
            }
        }

        foreach (var fs in new[] { "root", "var", "data" })
        {
            series.AddRange(new[] { "free", "used", "reserved" }.Select(t => $"df-{fs}.df_complex-{t}"));
        }

        series.AddRange(new[] { "running", "sleeping", "zombies", "stopped", "paging", "blocked" }.Select(p => $"processes.ps_state-{p}"));
        series.AddRange(["nginx.nginx_requests", "nginx.connections-active", "nginx.connections-reading",
            "nginx.connections-writing", "nginx.connections-waiting", "nginx.response"]);

        for (var h = 0; h < hosts; h++)
        {
            var host = $"{roles[h % roles.Length]}-{(h / roles.Length) + 1:D3}";
            foreach (var s in series)
            {
                yield return $"servers.{host}.{s}";
            }
        }
    }
}
