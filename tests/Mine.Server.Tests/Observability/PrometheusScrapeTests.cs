namespace Mine.Server.Tests.Observability;

/// <summary>A real Prometheus scrapes Mine's /_internal/metrics: the target is up with no parse error, and Mine's
/// counters arrive with the values Mine shows. Stricter than promtool alone: this is the parser operators run.</summary>
public class PrometheusScrapeTests
{
    [PrometheusFact]
    public async Task A_real_prometheus_scrapes_mine_and_reads_its_counters()
    {
        await using var mine = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:SelfMetricsIntervalSeconds"] = "1",
            ["Mine:ForwardListen"] = "127.0.0.1:0",
        });
        await mine.SendPlaintextAsync($"web-001.load.shortterm 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\nnot a point\n");
        await mine.WaitForMetricAsync("mine_points_ingested_total", 1);

        await using var prometheus = await PrometheusServer.StartAsync(mine.Http.BaseAddress!.Authority, "/_internal/metrics");
        var target = ("unknown", string.Empty);
        await IngestWaits.UntilAsync(async () => (target = await prometheus.TargetAsync()).Item1 == "up", timeoutMs: 30_000);
        Assert.Equal(("up", string.Empty), target);

        IReadOnlyList<(string Labels, double Value)> ingested = [];
        await IngestWaits.UntilAsync(async () => (ingested = await prometheus.QueryAsync("mine_points_ingested_total")).Count > 0, timeoutMs: 30_000);
        Assert.True(ingested.Sum(static s => s.Value) >= 1, $"mine_points_ingested_total as scraped: {string.Join(", ", ingested)}");

        var loops = await prometheus.QueryAsync("mine_loop_up{loop=\"ingest-writer\"}");
        Assert.Equal(1, Assert.Single(loops).Value);
        var up = await prometheus.QueryAsync("up{job=\"mine\"}");
        Assert.Equal(1, Assert.Single(up).Value);

        // The Grafana dashboard's every expression is valid PromQL that Prometheus evaluates over Mine's series.
        foreach (var (panel, expression) in GrafanaDashboard.Expressions())
        {
            var answer = await prometheus.Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression));
            Assert.True(answer.IsSuccessStatusCode, $"panel '{panel}': {expression}: {await answer.Content.ReadAsStringAsync()}");
        }
    }
}
