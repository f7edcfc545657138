using Mine.Core.Buffers;
using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>A batch of reads under one hold on a store's data (see <see cref="ISeriesReader.BeginReads"/>); safe to use from several threads.</summary>
public interface ISeriesReadSession : IDisposable
{
    /// <summary>As <see cref="ISeriesReader.Fetch(SeriesHandle, long, long, long, ValueArrayLease?)"/>, from the data the session holds.</summary>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null);
}
