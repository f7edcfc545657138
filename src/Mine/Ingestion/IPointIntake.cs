using Mine.Core.Series;

namespace Mine.Ingestion;

/// <summary>
/// Where the listeners hand their parsed batches: `mine serve`'s <see cref="IngestPipeline"/> (storage) or
/// `mine relay`'s intake (the disk buffer). Both push back on TCP senders by making <see cref="SubmitAsync"/> wait
/// while they cannot take more, and count what UDP input they had to drop.
/// </summary>
public interface IPointIntake
{
    PointBatch RentBatch();

    void ReturnBatch(PointBatch batch);

    /// <summary>Queues a filled batch from <paramref name="source"/>; waits while there is no room (back-pressure).
    /// Ownership of the batch passes to the intake.</summary>
    ValueTask SubmitAsync(PointBatch batch, ListenerCounters counters, string? source, CancellationToken cancellationToken);

    /// <summary>Queues a batch, waiting at most <paramref name="maxWait"/>; beyond that it is dropped and counted
    /// (UDP input, which cannot wait). Returns whether it was queued.</summary>
    ValueTask<bool> SubmitOrDropAsync(PointBatch batch, ListenerCounters counters, string? source, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Takes a batch synchronously on the caller's thread (a listener's last batch at shutdown); returns the
    /// points taken. The caller keeps the batch.</summary>
    int WriteNow(PointBatch batch, ListenerCounters counters, string? source = null);
}
