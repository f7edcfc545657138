using System.Text;
using Microsoft.Extensions.Hosting;
using Mine.Core.Health;
using Mine.Ingestion;

namespace Mine.Hosting;

/// <summary>
/// Stores Mine's own metrics as Graphite series (<c>mine.&lt;node&gt;.points_ingested_total</c>,
/// <c>mine.&lt;node&gt;.listener.plaintext.tcp.invalid_total</c>, …), as carbon records carbon.agents.*.
/// While storage refuses writes a sample that cannot be queued within a second is dropped, so the reporter never
/// hangs (and never looks stalled) because of the full disk it is reporting. A relay's go through its own buffer to
/// its destinations, as carbon-relay's carbon.relays.* do.
/// </summary>
internal sealed class SelfMetricsReporter(IMetricsCollector metrics, IPointIntake pipeline, MineOptions options, LoopSupervisor supervisor) : BackgroundService
{
    private readonly ListenerCounters _counters = new("self", "internal") { GraphiteHosts = false };

    public LoopHealth Health { get; } = new("self-metrics", TimeSpan.FromSeconds(Math.Max(120, 10 * options.SelfMetricsIntervalSeconds)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.SelfMetricsIntervalSeconds <= 0 ? Task.CompletedTask : supervisor.RunAsync(Health, LoopImportance.Auxiliary, ReportAsync, stoppingToken);

    private async Task ReportAsync(CancellationToken stoppingToken)
    {

        var node = SanitizeNode(options.NodeName ?? Environment.MachineName);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SelfMetricsIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Health.Beat();
            var batch = pipeline.RentBatch();
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var sample in metrics.Collect())
            {
                batch.Add(GraphiteName(node, sample), now, sample.Value);
            }

            await pipeline.SubmitOrDropAsync(batch, _counters, null, TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
        }
    }

    internal static string SanitizeNode(string node)
    {
        var text = new StringBuilder(node.Length);
        foreach (var c in node)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return text.Length == 0 ? "unknown" : text.ToString();
    }

    private static string GraphiteName(string node, MineMetrics.Sample sample)
    {
        var name = new StringBuilder("mine.").Append(node).Append('.');
        var metric = sample.Name.StartsWith("mine_", StringComparison.Ordinal) ? sample.Name[5..] : sample.Name;
        var underscore = metric.IndexOf('_', StringComparison.Ordinal);
        if (sample.Labels.Count > 0 && underscore > 0)
        {
            // mine_listener_invalid_total{protocol=plaintext,transport=tcp} → listener.plaintext.tcp.invalid_total
            name.Append(metric, 0, underscore);
            foreach (var (_, value) in sample.Labels)
            {
                // One node per label: a destination's "10.0.0.1:2005" must not split into four.
                name.Append('.').Append(SanitizeNode(value));
            }

            name.Append('.').Append(metric, underscore + 1, metric.Length - underscore - 1);
        }
        else
        {
            name.Append(metric);
        }

        return name.ToString();
    }
}
