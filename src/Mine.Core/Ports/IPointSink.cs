using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>Where points go: the ingest side of storage. Implementations must be safe for concurrent callers.</summary>
public interface IPointSink
{
    /// <summary>
    /// Durably accepts every point of the batch (write-ahead logged before return) and makes them visible to reads.
    /// Returns the number of points accepted; points storage cannot keep are counted as refused, not accepted
    /// (see <see cref="Write(PointBatch, int)"/>).
    /// </summary>
    int Write(PointBatch batch);

    /// <summary>
    /// As <see cref="Write(PointBatch)"/>, creating at most <paramref name="newSeriesAllowance"/> new series: points
    /// of further new series are refused (counted in <see cref="PointWriteResult.OverSeriesLimit"/>) and create
    /// nothing, so one broken sender cannot create millions of series. Other points are refused, each counted once,
    /// before anything is created for them: a name outside <see cref="MetricNames"/>'s rule (<c>BadName</c>), older
    /// than the longest archive its series has or would get (<c>TooOld</c>), stamped beyond the store's tolerance for
    /// clock skew (<c>InFuture</c>). An accepted point lands in the slot of the finest archive whose retention covers
    /// its age, its time rounded down to that archive's step; a later point for the same slot replaces it.
    /// </summary>
    /// <exception cref="IOException">Nothing of the batch was acknowledged (disk full, a failing WAL): the caller
    /// keeps the batch and writes it again later. Writing a point again is harmless (same slot, same value).</exception>
    PointWriteResult Write(PointBatch batch, int newSeriesAllowance);
}
