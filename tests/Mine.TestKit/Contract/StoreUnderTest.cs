using Mine.Core.Ports;

namespace Mine.TestKit.Contract;

/// <summary>
/// One open instance of a store, as the host sees it: every port, and how to close it. A store implemented as one
/// class passes it for every port (see <see cref="ForStore{T}"/>).
/// </summary>
public sealed record StoreUnderTest(
    IPointSink Sink,
    ISeriesIndex Index,
    ISeriesReader Reader,
    ITagDatabase Tags,
    IStorageMaintenance Maintenance,
    IStorageStatus Status,
    IHistoryImport History,
    IDisposable Lifetime) : IDisposable
{
    public static StoreUnderTest ForStore<T>(T store)
        where T : IPointSink, ISeriesIndex, ISeriesReader, ITagDatabase, IStorageMaintenance, IStorageStatus, IHistoryImport, IDisposable
        => new(store, store, store, store, store, store, store, store);

    public void Dispose() => Lifetime.Dispose();
}
