using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mine.Core.Health;
using Mine.Core.Series;
using Mine.Fleet;
using Mine.TestKit;
using Mine.Hosting;
using Mine.Query.Evaluation;

namespace Mine.Server.Tests.Fleet;

public class LandmineDetectorTests
{
    private const long Now = 1_780_000_000;

    [Fact]
    public async Task Hosts_with_glob_characters_in_their_names_are_scored_and_their_links_draw_them()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:Fleet:LandmineRefreshSeconds"] = "1",
            ["Mine:Fleet:GroupRules:0"] = "^web",
        });
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        t -= t % 60;
        string[] hosts = ["web-1", "web-2", "web-3", "web-4", "web-5", "web[6]", "web*7", "web{8}", "web{9,x}"];
        var text = new StringBuilder();
        for (var i = 0; i < hosts.Length; i++)
        {
            var factor = hosts[i] switch { "web[6]" => 3.0, "web{8}" => 0.1, _ => 1.0 };
            for (var m = 30; m >= 0; m--)
            {
                text.Append(CultureInfo.InvariantCulture, $"{hosts[i]}.load.load.shortterm {2 * factor * (1 + (0.04 * Math.Sin((i * 7) + (m * 3.1))))} {t - (m * 60)}\n");
            }
        }

        await server.SendPlaintextAsync(text.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", hosts.Length * 31);
        await Task.Delay(1100); // past the refresh interval

        using var landmines = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/landmines"));
        var list = landmines.RootElement.GetProperty("landmines").EnumerateArray().ToList();
        Assert.Equal(["web[6]:above", "web{8}:below"], list.Select(l => $"{l.GetProperty("host").GetString()}:{l.GetProperty("side").GetString()}").Order(StringComparer.Ordinal));

        using var group = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups/web"));
        var load = group.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "load");
        var members = load.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("host").GetString()!, m => m.GetProperty("score").GetDouble());
        Assert.Equal(hosts.Order(StringComparer.Ordinal), members.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(members["web*7"], -LandmineDetector.K, LandmineDetector.K);
        Assert.InRange(members["web{9,x}"], -LandmineDetector.K, LandmineDetector.K);

        // The evidence link of a landmine draws that host through /render (its glob characters written as '?').
        var hostTarget = list.Single(l => l.GetProperty("host").GetString() == "web[6]").GetProperty("hostTarget").GetString()!;
        Assert.Equal("groupByNodes(web?6?.load.load.shortterm,\"sum\",0)", hostTarget);
        using var drawn = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?format=json&from=-1h&target={Uri.EscapeDataString(hostTarget)}"));
        Assert.Equal("web[6]", Assert.Single(drawn.RootElement.EnumerateArray()).GetProperty("target").GetString());
        using var band = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?format=json&from=-1h&target={Uri.EscapeDataString(load.GetProperty("outliersTarget").GetString()!)}"));
        Assert.Equal(["web[6]", "web{8}"], band.RootElement.EnumerateArray().Select(s => s.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_metric_that_cannot_be_read_is_left_out_logged_once_and_counted()
    {
        var directory = Directory.CreateTempSubdirectory("mine-landmine-failure").FullName;
        try
        {
            var clock = new ManualClock(Now);
            var fleet = new FleetRegistry(directory, time: clock);
            for (var i = 1; i <= 4; i++)
            {
                fleet.Observe(fleet.GetOrAdd($"web-{i}", HostSource.Graphite, $"web-{i}", Now), "", Now);
            }

            var log = new ListLogger<LandmineDetector>();
            var detector = new LandmineDetector(fleet, new FailingSource("load"), time: clock, logger: log);
            var snapshot = detector.Get();

            var failure = Assert.Single(snapshot.Failures);
            Assert.Equal("load", failure.Metric.Id);
            Assert.IsType<InvalidOperationException>(failure.Error);
            Assert.Equal(1, detector.Failures);
            var line = Assert.Single(log.Entries);
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.Contains("load: InvalidOperationException: cannot read", line.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidOperationException>(line.Error);

            clock.Now += detector.RefreshSeconds;
            Assert.Single(detector.Get().Failures);
            Assert.Equal(2, detector.Failures);
            Assert.Equal(2, log.Entries.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_refresher_shows_a_computation_that_left_a_metric_out_as_a_failing_loop()
    {
        var directory = Directory.CreateTempSubdirectory("mine-landmine-refresher").FullName;
        try
        {
            var fleet = new FleetRegistry(directory);
            fleet.Observe(fleet.GetOrAdd("web-1", HostSource.Graphite, "web-1", fleet.Now), "", fleet.Now);
            var detector = new LandmineDetector(fleet, new FailingSource("cpu"));
            using var refresher = new LandmineRefresher(detector, new LoopSupervisor(new LoopRegistry(), NullLogger<LoopSupervisor>.Instance), NullLogger<LandmineRefresher>.Instance);
            await refresher.StartAsync(CancellationToken.None);
            for (var i = 0; i < 100 && refresher.Health.Snapshot().State != LoopState.Failing; i++)
            {
                await Task.Delay(50);
            }

            await refresher.StopAsync(CancellationToken.None);
            var health = refresher.Health.Snapshot();
            Assert.Equal(1, health.Failures);
            Assert.Contains("cpu: InvalidOperationException: cannot read", health.LastError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Fails every read of a pattern containing <paramref name="failing"/>; other reads find nothing.</summary>
    private sealed class FailingSource(string failing) : ISeriesSource
    {
        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
            => pathExpression.Contains(failing, StringComparison.Ordinal) ? throw new InvalidOperationException($"cannot read {pathExpression}") : [];

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];
    }
}
