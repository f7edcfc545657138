using Mine.Core.Ports;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>What a write accepts, refuses and counts.</summary>
public abstract partial class SeriesStoreContractTests
{
    [StoreFact]
    public void Refused_points_are_counted_by_reason_and_create_nothing()
    {
        var result = Write(
            ("ok.a", Now - 60, 1),
            ("old.a", Now - MaxRetention - 60, 1),
            ("future.a", Now + 660, 1),
            ("bad..name", Now, 1),
            ("bad name", Now, 1),
            ("ok.a", Now + 300, 2)); // within the 10 minutes of tolerated clock skew

        Assert.Equal(new PointWriteResult(Offered: 6, Accepted: 2, TooOld: 1, InFuture: 1, BadName: 2, OverSeriesLimit: 0, SeriesCreated: 1), result);
        Assert.Equal(4, result.Refused);
        Assert.Equal(TooOld(1), Write(("ok.a", Now - MaxRetention - 60, 1)));
        Assert.Equal(["ok.a"], Store.Index.AllNames());
        Assert.Equal(1, Store.Status.SeriesCount);
        Assert.Equal("B:ok", FindText("*"));

        static PointWriteResult TooOld(int count) => new(count, 0, count, 0, 0, 0, 0);
    }

    [StoreFact]
    public void The_new_series_allowance_limits_creating_series_not_writing_to_existing_ones()
    {
        var first = Write(1, ("s.a", Now - 120, 1), ("s.b", Now - 120, 2), ("s.c", Now - 120, 3), ("s.a", Now - 60, 4));
        Assert.Equal(new PointWriteResult(4, 2, 0, 0, 0, OverSeriesLimit: 2, SeriesCreated: 1), first);

        var existing = Write(0, ("s.a", Now, 5), ("s.d", Now, 6));
        Assert.Equal(new PointWriteResult(2, 1, 0, 0, 0, OverSeriesLimit: 1, SeriesCreated: 0), existing);
        Assert.Equal("L:s.a", FindText("s.*"));
        Assert.Equal([1, 4, 5], Values("s.a", Now - 180, Now));
    }

    [StoreFact]
    public void Write_without_an_allowance_returns_the_points_accepted()
    {
        Assert.Equal(2, Store.Sink.Write(Batch(("w.a", Now - 60, 1), ("w.b", Now - 60, 2), ("w.c", Now + Day, 3))));
        Assert.Equal(0, Store.Sink.Write(Batch()));
        Assert.Equal(2, Store.Status.SeriesCount);
    }
}
