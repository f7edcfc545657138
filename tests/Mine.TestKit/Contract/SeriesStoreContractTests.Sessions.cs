using Mine.Core.Buffers;
using Mine.Core.Series;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>Batched reads answer as single reads.</summary>
public abstract partial class SeriesStoreContractTests
{
    private static readonly (long FromAgo, long UntilAgo)[] SessionRanges = [(Day / 2, 0), (3 * Day, 0), (4 * Day, 2 * Day), (600, 600)];

    /// <summary>Twenty series with points in both archives, some long-term (after a flush), some only just written.</summary>
    private IReadOnlyList<SeriesHandle> WriteSessionSeries()
    {
        for (var i = 0; i < 20; i++)
        {
            Write(($"sess.{i}", Now - (3 * Day) + (i * 300), i), ($"sess.{i}", T0 + (i * 60), i + 100));
        }

        Store.Maintenance.FlushNow();
        for (var i = 0; i < 20; i += 2)
        {
            Write(($"sess.{i}", T0 + (i * 60), i + 200), ($"sess.{i}", Now - 60, i + 300));
        }

        return Store.Index.FindSeries("sess.*");
    }

    [StoreFact]
    public void Session_reads_equal_single_reads()
    {
        var series = WriteSessionSeries();
        Assert.Equal(20, series.Count);

        using var session = Store.Reader.BeginReads();
        foreach (var (fromAgo, untilAgo) in SessionRanges)
        {
            foreach (var handle in series)
            {
                var single = Store.Reader.Fetch(handle, Now - fromAgo, Now - untilAgo, Now)!;
                var held = session.Fetch(handle, Now - fromAgo, Now - untilAgo, Now)!;
                Assert.Equal(handle.Name, held.Name);
                Assert.Equal((single.Start, single.End, single.Step), (held.Start, held.End, held.Step));
                Assert.Equal(single.Values, held.Values);
            }
        }
    }

    [StoreFact]
    public void Parallel_session_reads_into_pooled_arrays_equal_single_reads()
    {
        var series = WriteSessionSeries();
        var expected = series.Select(h => Store.Reader.Fetch(h, Now - (3 * Day), Now, Now)!.Values).ToArray();

        using var values = new ValueArrayLease(new ValueArrayPool());
        var held = new FetchedSeries?[series.Count];
        using (var session = Store.Reader.BeginReads())
        {
            Parallel.For(0, series.Count, i => held[i] = session.Fetch(series[i], Now - (3 * Day), Now, Now, values));
        }

        for (var i = 0; i < series.Count; i++)
        {
            Assert.Equal(expected[i], held[i]!.Values);
            Assert.Equal(expected[i], Store.Reader.Fetch(series[i], Now - (3 * Day), Now, Now, values)!.Values);
        }
    }

    [StoreFact]
    public void A_session_reads_unknown_handles_as_nothing_and_refuses_reads_once_disposed()
    {
        var handle = WriteSessionSeries()[0];
        var session = Store.Reader.BeginReads();
        Assert.Null(session.Fetch(handle with { Key = long.MaxValue }, Now - 600, Now, Now));
        Assert.NotNull(session.Fetch(handle, Now - 600, Now, Now));

        session.Dispose();
        session.Dispose(); // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => session.Fetch(handle, Now - 600, Now, Now));
    }

    [StoreFact]
    public void Flushing_and_compacting_change_no_answer()
    {
        var series = WriteSessionSeries();
        var before = series.Select(h => Store.Reader.Fetch(h, Now - (3 * Day), Now, Now)!.Values).ToArray();

        Store.Maintenance.FlushNow();
        Assert.Equal(before, series.Select(h => Store.Reader.Fetch(h, Now - (3 * Day), Now, Now)!.Values));
        Store.Maintenance.CompactNow();
        Assert.Equal(before, series.Select(h => Store.Reader.Fetch(h, Now - (3 * Day), Now, Now)!.Values));
    }
}
