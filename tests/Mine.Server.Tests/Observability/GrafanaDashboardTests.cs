using System.Text.RegularExpressions;

namespace Mine.Server.Tests.Observability;

/// <summary>docs/grafana/mine-health.json names only metric families Mine really exposes, so the dashboard cannot drift
/// from /_internal/metrics (the Prometheus scrape test also runs every expression on a real Prometheus).</summary>
public class GrafanaDashboardTests
{
    [Fact]
    public async Task Every_metric_the_dashboard_graphs_is_on_the_metrics_page()
    {
        await using var mine = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:ForwardListen"] = "127.0.0.1:0" });
        using var _ = await mine.Http.GetAsync("/metrics/find?query=*"); // HTTP answers are counted once there is one
        var page = await mine.Http.GetStringAsync("/_internal/metrics");
        var exposed = Regex.Matches(page, @"^# TYPE (\S+) ", RegexOptions.Multiline).Select(static m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var graphed = GrafanaDashboard.MetricFamilies();
        Assert.True(graphed.Count >= 15, $"the dashboard graphs only {graphed.Count} families");
        var missing = graphed.Where(family => !exposed.Contains(family)).ToList();
        Assert.True(missing.Count == 0, "graphed but not exposed: " + string.Join(", ", missing));
    }
}
