namespace Mine.Core.Ports;

/// <summary>How a <see cref="StorageMetric"/> behaves, as Prometheus types it.</summary>
public enum StorageMetricKind
{
    /// <summary>Only grows (until the process restarts).</summary>
    Counter,

    /// <summary>Goes up and down.</summary>
    Gauge,
}
