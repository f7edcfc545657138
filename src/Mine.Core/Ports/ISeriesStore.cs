using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>Where points go: the ingest side of storage. Implementations must be safe for concurrent callers.</summary>
public interface IPointSink
{
    /// <summary>
    /// Durably accepts every point of the batch (write-ahead logged before return) and makes them visible to reads.
    /// Returns the number of points accepted; points outside retention are counted as dropped, not accepted.
    /// </summary>
    int Write(PointBatch batch);

    /// <summary>
    /// As <see cref="Write(PointBatch)"/>, creating at most <paramref name="newSeriesAllowance"/> new series: points
    /// of further new series are refused (counted in <see cref="PointWriteResult.OverSeriesLimit"/>) and create
    /// nothing, so one broken sender cannot create millions of series.
    /// </summary>
    /// <exception cref="IOException">Nothing of the batch was acknowledged (disk full, a failing WAL): the caller
    /// keeps the batch and writes it again later. Writing a point again is harmless (same slot, same value).</exception>
    PointWriteResult Write(PointBatch batch, int newSeriesAllowance);
}

/// <summary>The read side of storage, as the query layer sees it: names and fixed-step values, no internals.</summary>
public interface ISeriesReader
{
    /// <summary>Nodes (branches and leaves) matching a Graphite glob such as <c>servers.web-*.cpu-{0,1}.*</c>.</summary>
    IReadOnlyList<MetricNode> Find(string glob, int limit = int.MaxValue);

    /// <summary>
    /// Reads one series over [from, until] (epoch seconds) the way whisper does: the finest archive whose
    /// retention covers <c>now - from</c>, timestamps from <c>from - from % step + step</c>. Null if unknown.
    /// </summary>
    FetchedSeries? Fetch(string name, long from, long until, long now);

    /// <summary>Every stored series name (for /metrics/index.json), in no particular order.</summary>
    IEnumerable<string> AllNames();
}
