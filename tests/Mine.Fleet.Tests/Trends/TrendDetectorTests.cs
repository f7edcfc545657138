using System.Diagnostics;
using Mine.Fleet.Tests.Generated;
using Xunit.Abstractions;

namespace Mine.Fleet.Tests.Trends;

public class TrendDetectorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_planted_trend_is_found_and_nothing_else_but_at_most_one_host_in_a_hundred(int seed)
    {
        var fleet = TrendFleet.Generate(seed, 400);
        var (findings, failures) = new TrendDetector().Detect(fleet.Hosts, fleet.Source, TrendFleet.Now);
        Assert.Empty(failures);
        foreach (var finding in findings)
        {
            output.WriteLine($"{finding.Host} {finding.Subject} {finding.Evidence}");
        }

        var disks = findings.Where(static f => f.Metric == "disk").ToDictionary(static f => f.Host, StringComparer.Ordinal);
        var memory = findings.Where(static f => f.Metric == "memory").ToDictionary(static f => f.Host, StringComparer.Ordinal);
        Assert.NotEmpty(fleet.Filling);
        foreach (var host in fleet.Filling)
        {
            var disk = Assert.Contains(host, disks);
            Assert.Equal("df-var", disk.Subject);
            var hours = (disk.ExpectedAt!.Value - TrendFleet.Now) / 3600.0;
            Assert.InRange(hours, fleet.FullInHours[host] * 0.85, fleet.FullInHours[host] * 1.15);
            Assert.True(disk.RatePerHour > 0 && disk.Confidence >= TrendOptions.Default.MinTau);
            Assert.Equal($"{host}.df-var.df_complex-used", disk.UsedTarget);
            Assert.Equal($"sumSeries({host}.df-var.df_complex-{{used,free}})", disk.LimitTarget);
        }

        Assert.NotEmpty(fleet.Leaking);
        foreach (var host in fleet.Leaking)
        {
            var leak = Assert.Contains(host, memory);
            Assert.True(leak.GroupScore >= TrendOptions.Default.K, $"{host}: {leak.Evidence}");
        }

        Assert.All(fleet.SlowFilling, host => Assert.DoesNotContain(host, disks.Keys));
        Assert.All(fleet.Spiking.Concat(fleet.HighFlat), host => Assert.DoesNotContain(findings, f => f.Host == host));
        var planted = fleet.Filling.Concat(fleet.Leaking).ToHashSet(StringComparer.Ordinal);
        var falseAlarms = findings.Select(static f => f.Host).Distinct().Count(h => !planted.Contains(h));
        output.WriteLine($"{findings.Count} findings, {falseAlarms} false alarms among {fleet.Hosts.Count} hosts");
        Assert.True(falseAlarms <= fleet.Hosts.Count / 100, $"{falseAlarms} false alarms among {fleet.Hosts.Count} hosts");
    }

    [Fact]
    public void A_disk_full_in_a_week_is_a_finding_with_a_horizon_of_ten_days()
    {
        var fleet = TrendFleet.Generate(1, 400);
        var (findings, _) = new TrendDetector(new TrendOptions { HorizonSeconds = 10 * 86400 }).Detect(fleet.Hosts, fleet.Source, TrendFleet.Now);
        Assert.All(fleet.SlowFilling, host => Assert.Contains(findings, f => f.Host == host && f.Metric == "disk"));
    }

    [Fact]
    public void Percentages_and_the_older_df_names_are_watched_with_their_limits()
    {
        var source = new InMemorySeriesSource();
        var start = TrendFleet.Now - (6 * 3600) + 60;
        double[] Rising(double from, double perHour) => [.. Enumerable.Range(0, 360).Select(i => from + (perHour * (i - 359) / 60.0))];
        source.Add("old-1.df-data.df-used", start, 60, Rising(800, 20));
        source.Add("old-1.df-data.df-free", start, 60, [.. Rising(800, 20).Select(static u => 1000 - u)]);
        source.Add("pct-1.df-root.percent_bytes-used", start, 60, Rising(90, 1));
        var hosts = new List<HostRecord> { new("old-1", "g", "old-1", HostSource.Collectd, start), new("pct-1", "g", "pct-1", HostSource.Collectd, start) };

        var (findings, _) = new TrendDetector().Detect(hosts, source, TrendFleet.Now);
        var old = Assert.Single(findings, f => f.Host == "old-1");
        Assert.Equal(1000, old.Limit, 6);
        Assert.InRange(old.ExpectedAt!.Value - TrendFleet.Now, (10 * 3600) - 120, (10 * 3600) + 120);
        Assert.InRange(old.RatePerHour, 19.9, 20.1);
        var pct = Assert.Single(findings, f => f.Host == "pct-1");
        Assert.Equal(100, pct.Limit);
        Assert.Equal("percent", pct.Unit);
        Assert.Equal("100", pct.LimitTarget);
        Assert.InRange(pct.ExpectedAt!.Value - TrendFleet.Now, (10 * 3600) - 120, (10 * 3600) + 120);
        Assert.Contains("reaches the limit in 10.0 h", pct.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disk_that_stepped_up_once_is_a_level_change_not_a_trend()
    {
        // 90 % full, then a big file written mid-window and kept: 97 %, flat since. Tau is about 0.5.
        var source = new InMemorySeriesSource();
        var start = TrendFleet.Now - (6 * 3600) + 60;
        var used = Enumerable.Range(0, 360).Select(i => (i < 180 ? 900.0 : 970.0) + Math.Sin(i * 2.3)).ToArray();
        source.Add("s-1.df-data.df_complex-used", start, 60, used);
        source.Add("s-1.df-data.df_complex-free", start, 60, [.. used.Select(static u => 1000 - u)]);
        var (findings, _) = new TrendDetector().Detect([new HostRecord("s-1", "g", "s-1", HostSource.Collectd, start)], source, TrendFleet.Now);
        Assert.Empty(findings);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_with_what_to_change()
    {
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() => new TrendDetector(new TrendOptions { WindowSeconds = 600 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TrendDetector(new TrendOptions { MinTau = 0 }));
    }

    [Fact]
    public void Trend_detection_over_1300_hosts_takes_a_bounded_cpu_time()
    {
        var fleet = TrendFleet.Generate(42, 1300);
        var detector = new TrendDetector();
        detector.Detect(fleet.Hosts.Take(20).ToList(), fleet.Source, TrendFleet.Now); // warm up (JIT)
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var (findings, _) = detector.Detect(fleet.Hosts, fleet.Source, TrendFleet.Now);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"1300 hosts, {fleet.Source.Count} series, {findings.Count} findings: {used.TotalSeconds:0.000} s CPU, {wall.Elapsed.TotalSeconds:0.000} s wall");
        Assert.True(used < TimeSpan.FromSeconds(30), $"{used.TotalSeconds} s of CPU");
        Assert.Contains(findings, f => fleet.Filling.Contains(f.Host));
    }
}
