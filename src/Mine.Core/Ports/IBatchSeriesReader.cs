using Mine.Core.Buffers;
using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>
/// A reader that answers many series in one go cheaper than one by one (a store across the network: one query for
/// a thousand series instead of a thousand round trips). Callers with many series to read use it when the reader
/// offers it; each answer is what <see cref="ISeriesReader.Fetch(SeriesHandle, long, long, long, ValueArrayLease?)"/>
/// would have returned.
/// </summary>
public interface IBatchSeriesReader
{
    /// <summary>The series' reads, in the order given (null where that Fetch returns null).</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="until"/>.</exception>
    /// <exception cref="IOException">The store could not be read; the message says why.</exception>
    IReadOnlyList<FetchedSeries?> FetchMany(IReadOnlyList<SeriesHandle> series, long from, long until, long now, ValueArrayLease? values, CancellationToken cancellationToken);
}
