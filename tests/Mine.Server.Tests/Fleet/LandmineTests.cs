using System.Globalization;
using System.Text;
using System.Text.Json;
using Mine.Fleet;
using Mine.Query.Functions.Fleet;

namespace Mine.Server.Tests.Fleet;

public class LandmineTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public void Members_target_sums_per_host_and_joins_roots_under_different_parents()
    {
        var cpu = LandmineDetector.Metrics.Single(m => m.Id == "cpu");
        Assert.Equal("groupByNodes({web-001,web-002}.cpu-*.cpu-{user,system},\"sum\",0)", LandmineTargets.Members(["web-002", "web-001"], cpu));
        Assert.Equal(
            "group(groupByNodes(web-3.load.load.shortterm,\"sum\",0),groupByNodes(dc1.servers.{web-1,web-2}.load.load.shortterm,\"sum\",0,1,2))",
            LandmineTargets.Members(["dc1.servers.web-1", "web-3", "dc1.servers.web-2"], LandmineDetector.Metrics.Single(m => m.Id == "load")));
        Assert.Equal("outliers(x,3,\"15min\")", LandmineTargets.Outliers("x"));
    }

    [Fact]
    public void Duration_beyond_k_counts_the_trailing_run_on_the_side_and_skips_missing_points()
    {
        Assert.Equal(3, RobustStatistics.TrailingRun([0, 1, 4, 5, double.NaN, 6], 1, LandmineDetector.K));
        Assert.Equal(0, RobustStatistics.TrailingRun([4, 5, 1], 1, LandmineDetector.K));
        Assert.Equal(2, RobustStatistics.TrailingRun([4, -5, -7], -1, LandmineDetector.K));
        Assert.Equal(0, RobustStatistics.TrailingRun([4, 5, 6], -1, LandmineDetector.K));
        Assert.Equal(-4, RobustStatistics.WindowMedian([100, -3, -4, -5], 3));
    }

    [Fact]
    public async Task A_synthetic_fleet_with_known_landmines_lists_them_ranked_fills_host_scores_and_group_rankings()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Fleet:LandmineRefreshSeconds"] = "1" });
        var t = Now - (Now % 60);
        var text = new StringBuilder();
        var points = 0;
        foreach (var (groupName, count, baseLoad) in new[] { ("web", 12, 2.0), ("db", 6, 8.0) })
        {
            for (var i = 1; i <= count; i++)
            {
                var name = $"{groupName}-{i:000}";
                var factor = name switch { "web-003" => 3.0, "db-004" => 2.4, "web-009" => 0.1, _ => 1.0 };

                // web-003 over-works for the last 20 minutes only; the others all along.
                for (var m = 40; m >= 0; m--)
                {
                    var f = name == "web-003" && m > 20 ? 1.0 : factor;
                    var noise = 1 + (0.04 * Math.Sin((i * 7) + (m * 3.1)));
                    var time = t - (m * 60);
                    text.Append(CultureInfo.InvariantCulture, $"{name}.load.load.shortterm {baseLoad * f * noise} {time}\n");
                    text.Append(CultureInfo.InvariantCulture, $"{name}.cpu-0.cpu-user {30 * f * noise} {time}\n{name}.cpu-0.cpu-system {8 * f * noise} {time}\n");
                    text.Append(CultureInfo.InvariantCulture, $"{name}.cpu-1.cpu-user {31 * f * noise} {time}\n{name}.cpu-1.cpu-system {7 * f * noise} {time}\n");
                    points += 5;
                }
            }
        }

        await server.SendPlaintextAsync(text.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", points);
        await Task.Delay(1100); // past the refresh interval: the API computes again

        using var landmines = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/landmines"));
        var list = landmines.RootElement.GetProperty("landmines").EnumerateArray()
            .Select(l => (Host: l.GetProperty("host").GetString(), Kind: l.GetProperty("kind").GetString(), Side: l.GetProperty("side").GetString(),
                Severity: l.GetProperty("severity").GetDouble(), Beyond: l.GetProperty("beyondSeconds").GetInt64(), Since: l.GetProperty("since").GetInt64(),
                Reason: l.GetProperty("reason").GetString()!, Evidence: l.GetProperty("evidence").EnumerateArray().ToList()))
            .ToList();

        // One entry per host, each a level landmine that says why: the metrics, how far off, since when.
        Assert.Equal(["db-004", "web-003", "web-009"], list.Select(l => l.Host).Order(StringComparer.Ordinal));
        Assert.All(list, l => Assert.Equal("level", l.Kind));
        var web003 = list.Single(l => l.Host == "web-003");
        Assert.Equal(["cpu", "load"], web003.Evidence.Select(e => e.GetProperty("metric").GetString()).Order(StringComparer.Ordinal));
        Assert.All(web003.Evidence, e => Assert.InRange(e.GetProperty("ratioToGroup").GetDouble(), 2.6, 3.4));
        Assert.All(web003.Evidence, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("ratioToNormal").ValueKind)); // 40 minutes: no own normal yet
        Assert.Contains("at 3× the group's median", web003.Reason, StringComparison.Ordinal);
        Assert.Equal("below", list.Single(l => l.Host == "web-009").Side);
        Assert.All(list.Where(l => l.Host != "web-009"), l => Assert.Equal("above", l.Side));
        Assert.All(list, l => Assert.True(l.Severity > LandmineDetector.K));
        Assert.Equal(list.Select(l => l.Severity).OrderDescending(), list.Select(l => l.Severity));

        // web-003 has been beyond k for its last 21 points (a minute apart), web-009 for all 41; since says when.
        Assert.InRange(web003.Beyond, 20 * 60, 21 * 60);
        var computedAt = landmines.RootElement.GetProperty("computedAt").GetInt64();
        Assert.Equal(computedAt - web003.Beyond, web003.Since);
        Assert.InRange(list.Single(l => l.Host == "web-009").Beyond, 40 * 60, 41 * 60);

        // The detection's cost is on /_internal/metrics: the last computation's wall and CPU seconds, the trends' part
        // (one scrape, so that all are of the same computation).
        var samples = (await server.Http.GetStringAsync("/_internal/metrics")).Split('\n')
            .Where(static l => l.StartsWith("mine_landmines_", StringComparison.Ordinal))
            .ToDictionary(static l => l[..l.IndexOf(' ', StringComparison.Ordinal)], static l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.True(samples["mine_landmines_computations_total"] >= 1);
        Assert.True(samples["mine_landmines_compute_seconds"] > 0);
        Assert.True(samples["mine_landmines_compute_cpu_seconds"] > 0);
        Assert.InRange(samples["mine_landmines_trends_cpu_seconds"], 0, samples["mine_landmines_compute_cpu_seconds"]);

        using var hosts = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/hosts"));
        var scores = hosts.RootElement.EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("outlierScore").GetDouble());
        Assert.True(scores["web-003"] > LandmineDetector.K);
        Assert.True(scores["db-004"] > LandmineDetector.K);
        Assert.True(scores["web-009"] < -LandmineDetector.K);
        Assert.All(scores.Where(s => s.Key is not ("web-003" or "db-004" or "web-009")), s => Assert.InRange(s.Value, -LandmineDetector.K, LandmineDetector.K));

        using var group = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups/web"));
        var metrics = group.RootElement.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(["cpu", "load"], metrics.Keys.Order(StringComparer.Ordinal));
        var load = metrics["load"];
        var members = load.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(12, members.Count);
        Assert.Equal(["web-003", "web-009"], members.Take(2).Select(m => m.GetProperty("host").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, members.Count(m => m.GetProperty("outlier").GetBoolean()));

        // The band target draws four series through the render API, over the members in line only: web load is
        // 2.0 ± 4 %, web-003 runs at 6 and web-009 at 0.2, and neither stretches the band.
        var band = load.GetProperty("bandTarget").GetString()!;
        Assert.StartsWith("band(inliers(", band, StringComparison.Ordinal);
        using var rendered = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?format=json&from=-1h&target={Uri.EscapeDataString(band)}"));
        var parts = rendered.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("tags").GetProperty("band").GetString()!);
        Assert.Equal(["average", "max", "median", "min"], parts.Keys.Order(StringComparer.Ordinal));
        static double[] Values(JsonElement series) => [.. series.GetProperty("datapoints").EnumerateArray().Where(p => p[0].ValueKind == JsonValueKind.Number).Select(p => p[0].GetDouble())];
        Assert.All(Values(parts["max"]), v => Assert.InRange(v, 1.9, 2.1));
        Assert.All(Values(parts["min"]), v => Assert.InRange(v, 1.9, 2.1));
        Assert.NotEmpty(Values(parts["median"]));
        var outliers = load.GetProperty("outliersTarget").GetString()!;
        using var kept = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?format=json&from=-1h&target={Uri.EscapeDataString(outliers)}"));
        Assert.Equal(["web-003", "web-009"], kept.RootElement.EnumerateArray().Select(s => s.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
    }
}
