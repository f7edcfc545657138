using Mine.Core.Ports;
using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// An imported whisper series' coarse slot at the fine archive's edge holds whisper's value, computed from every
/// fine minute when they were written; Mine holds only the minutes still in the file. When those expire, the merge's
/// rollup must not replace whisper's value with the aggregate of the remaining minutes.
/// </summary>
public sealed class ImportedEdgeRollupTests
{
    /// <summary>1m:12h, 10m:7d, sum, xFilesFactor 0.5: nine of ten minutes are enough for a rollup.</summary>
    private static readonly HistoryLayout Layout = new([new(60, 720), new(600, 1008)], AggregationMethod: 2, XFilesFactor: 0.5);

    [Theory]
    [InlineData(null)]
    [InlineData(FaultPoints.MergeRollupsLogged)]
    [InlineData(FaultPoints.MergeOutputWritten)]
    [InlineData(FaultPoints.MergeInputDeleted)]
    [InlineData(FaultPoints.MergeInputsDeleted)]
    public void The_rollup_keeps_whispers_value_of_the_edge_slot_after_the_fine_minutes_expire(string? crashAt)
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now - (store.Clock.Now % 3600) + (2 * 86400); // a whole hour
        store.Clock.Now = now;
        var reach = now - (720 * 60) + 60; // the oldest fine slot whisper's fetch would return
        var edge = reach - (reach % 600);
        Assert.Equal(reach - 60, edge); // nine of the edge slot's ten minutes are in reach
        var minutes = Enumerable.Range(0, 9).Select(i => (reach + (i * 60L), 1.0)).ToArray();
        var later = reach + 540; // the next coarse slot, wholly in reach
        var result = store.Engine.Import("imported.edge", Layout,
            [Points([.. minutes, (later, 2.0)]), Points((edge, 10.0), (later, 2.0))], ConflictPolicy.Keep);
        Assert.Equal(12, result.Written);
        Assert.Equal(10.0, CoarseSlot(store, edge));

        // A day on: the fine minutes are past retention, the merge rolls their bucket up and drops it.
        // With crashAt, the first merge dies at that step and the next start and merge finish the work.
        store.Clock.Now = now + 86400;
        if (crashAt is not null)
        {
            store.Options.FaultInjection = point =>
            {
                if (point == crashAt)
                {
                    throw new InvalidOperationException("simulated crash at " + point);
                }
            };
            store.Reopen();
            Assert.Throws<InvalidOperationException>(() => store.Engine.CompactNow());
            store.Options.FaultInjection = null;
            store.Reopen();
        }

        store.Engine.CompactNow();
        store.Engine.FlushNow();
        store.Reopen();

        Assert.Equal(10.0, CoarseSlot(store, edge)); // whisper's value, not the nine minutes' sum
        Assert.Equal(2.0, CoarseSlot(store, later));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Directory, "parts", "60"), "*.part"));
    }

    [Fact]
    public void A_live_series_coarse_slots_are_still_rolled_up_from_its_minutes()
    {
        using var store = new EngineFixture("[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n", "[default]\npattern = .*\nxFilesFactor = 0\naggregationMethod = sum\n");
        var minute = StorageEngine.BucketStart(EngineFixture.T0 + 86400, 60) + 600;
        store.Clock.Now = minute + 600;
        store.Write(("live.sum", minute, 1), ("live.sum", minute + 60, 2), ("live.sum", minute + 240, 4));
        store.Engine.FlushNow();

        store.Clock.Now = minute + (3 * 86400);
        store.Engine.CompactNow();
        store.Engine.FlushNow();
        store.Reopen();

        Assert.Equal(7.0, store.Values("live.sum", minute - 300, minute + 300).Single(v => !double.IsNaN(v)));
    }

    private static HistoryPoints Points(params (long Time, double Value)[] points) =>
        new(points.Select(p => p.Time).ToArray(), points.Select(p => p.Value).ToArray());

    private static double CoarseSlot(EngineFixture store, long slot)
    {
        var fetched = store.Engine.Fetch("imported.edge", store.Clock.Now - (3 * 86400), store.Clock.Now, store.Clock.Now)!;
        Assert.Equal(600, fetched.Step);
        return fetched.Values[(int)((slot - fetched.Start) / 600)];
    }
}
