using Mine.Core.Ports;
using Mine.Core.Series;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>
/// What every storage implementation behind the host's ports must do: these tests are the ports' definition, run
/// against each store by a class deriving from this one in the store's test project (which references Mine.TestKit).
/// They use nothing of a store but its ports.
/// </summary>
/// <remarks>
/// The store under test is configured as whisper would be with <c>retentions = 60s:1d,5m:30d</c>,
/// <c>aggregationMethod = average</c> and <c>xFilesFactor = 0</c> for every series, accepts points up to 10 minutes
/// ahead of its clock, and takes "now" for writes from the clock it is opened with (reads get <c>now</c> passed).
/// </remarks>
public abstract partial class SeriesStoreContractTests : IDisposable
{
    /// <summary>A UTC midnight; the clock starts half a day later, so [T0, Now] lies in the finest archive.</summary>
    protected const long T0 = 1_699_920_000;

    protected const long Day = 86_400;

    /// <summary>The longest archive every series has (5m:30d).</summary>
    protected const long MaxRetention = 30 * Day;

    private StoreUnderTest? _store;
    private bool _disposed;

    protected ManualClock Clock { get; } = new(T0 + (Day / 2));

    protected long Now => Clock.Now;

    /// <summary>The store, opened on first use.</summary>
    protected StoreUnderTest Store => _store ??= Open(Clock);

    /// <summary>Opens the store over this test's data: empty the first time, then what the previous instance left.</summary>
    protected abstract StoreUnderTest Open(TimeProvider clock);

    /// <summary>Removes this test's data; the store is closed by then.</summary>
    protected abstract void DeleteData();

    /// <summary>Closes the store as a stopping process would (no flush asked first) and opens it again.</summary>
    protected void Reopen()
    {
        _store?.Dispose();
        _store = null;
        _store = Open(Clock);
    }

    protected PointWriteResult Write(params (string Name, long Time, double Value)[] points) => Write(int.MaxValue, points);

    protected PointWriteResult Write(int newSeriesAllowance, params (string Name, long Time, double Value)[] points)
        => Store.Sink.Write(Batch(points), newSeriesAllowance);

    protected static PointBatch Batch(params (string Name, long Time, double Value)[] points)
    {
        var batch = new PointBatch();
        foreach (var (name, time, value) in points)
        {
            batch.Add(name, time, value);
        }

        return batch;
    }

    protected FetchedSeries? Fetch(string name, long from, long until) => Store.Reader.Fetch(name, from, until, Now);

    protected double[] Values(string name, long from, long until) => Assert.IsType<FetchedSeries>(Fetch(name, from, until)).Values;

    /// <summary>Find's answer as <c>B:path</c> (branch) and <c>L:path</c> (leaf), space-separated, in its order.</summary>
    protected string FindText(string glob, int limit = int.MaxValue)
        => string.Join(' ', Store.Index.Find(glob, limit).Select(static n => (n.IsLeaf ? "L:" : "B:") + n.Path));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _store?.Dispose();
        DeleteData();
    }
}
