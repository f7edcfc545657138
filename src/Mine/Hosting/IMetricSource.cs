namespace Mine.Hosting;

/// <summary>A part the host wires in that has metrics of its own (the forward receiver, the relay's destinations):
/// its samples join /_internal/metrics and Mine's own series.</summary>
public interface IMetricSource
{
    IEnumerable<MineMetrics.Sample> Samples();
}
