using Mine.Core.Buffers;
using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>
/// The values of stored series, read the way whisper's <c>file_fetch</c> reads them. Safe for concurrent readers
/// and for reads concurrent with writes; a read sees every point whose write returned before it started.
/// </summary>
/// <remarks>
/// A read of [from, until] (epoch seconds, as of <c>now</c>) clips the range to what the series' archives can
/// hold (<c>now - longest retention</c> to <c>now</c>), picks the finest archive whose retention covers
/// <c>now - from</c>, and answers that archive's slots from <c>from - from % step + step</c> up to (excluding)
/// <c>until - until % step + step</c>, one slot more when those are equal; <see cref="double.NaN"/> where nothing
/// was written. A coarse archive holds what whisper's write-time propagation would have stored there: the series'
/// aggregation of the finer slots, subject to its xFilesFactor.
/// </remarks>
public interface ISeriesReader
{
    /// <summary>Reads the series named <paramref name="name"/>; null when the store has no such series or the
    /// range lies wholly outside its retention (<c>from &gt; now</c>, or <c>until</c> older than its longest archive).</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="until"/> (for a stored series).</exception>
    FetchedSeries? Fetch(string name, long from, long until, long now);

    /// <summary>
    /// Reads a series a lookup of this store returned (<see cref="ISeriesIndex.FindSeries"/>,
    /// <see cref="ITagDatabase.FindTaggedSeries"/>), named <see cref="SeriesHandle.Name"/> in the answer. The values
    /// go into an array rented from <paramref name="values"/> when given (a request's pooled arrays), else a new one.
    /// Null as for <see cref="Fetch(string, long, long, long)"/>, and for a handle this store did not issue.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="until"/>.</exception>
    FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null);

    /// <summary>
    /// How many values <see cref="Fetch(SeriesHandle, long, long, long, ValueArrayLease?)"/> would return for this
    /// range (0 when it would return null), without reading: callers with a memory budget ask first.
    /// </summary>
    long PointsToRead(SeriesHandle series, long from, long until, long now);

    /// <summary>
    /// Starts a batch of reads that share one hold on the store's current data (a wide render reads thousands of
    /// series at once). Reads in the session answer as <see cref="Fetch(SeriesHandle, long, long, long, ValueArrayLease?)"/>
    /// would have when the session began; holding it never blocks writes, but keeps resources alive, so dispose it
    /// as soon as the batch is read.
    /// </summary>
    ISeriesReadSession BeginReads();
}
