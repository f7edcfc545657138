using Mine.Core.Health;

namespace Mine.Core.Ports;

/// <summary>What the host's /health and metrics need to know about storage. Every member is cheap and thread-safe.</summary>
public interface IStorageStatus
{
    /// <summary>Series the store holds.</summary>
    int SeriesCount { get; }

    /// <summary>Null when storage accepts writes and keeps up; otherwise what is wrong, in words an operator can act on.</summary>
    string? Problem { get; }

    /// <summary>True while writes fail (the disk refuses them): ingest holds its input until this clears.</summary>
    bool WritesFailing { get; }

    /// <summary>
    /// The store's own background loops (the embedded engine: flush and maintenance threads), for the host to
    /// watch with its other critical loops; empty for a store that runs none. The same loops every time.
    /// </summary>
    IReadOnlyList<LoopHealth> Loops { get; }

    /// <summary>The store's own counters and gauges, in a stable order, for /_internal/metrics and self-metrics.</summary>
    IReadOnlyList<StorageMetric> Metrics();
}
