namespace Mine.Hosting;

/// <summary>A process's whole set of metrics (serve's <see cref="MineMetrics"/>, the relay's), for
/// /_internal/metrics and the <see cref="SelfMetricsReporter"/>.</summary>
public interface IMetricsCollector
{
    IEnumerable<MineMetrics.Sample> Collect();
}
