using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

public class StorageEngineTests
{
    private const long T0 = EngineFixture.T0;

    [Fact]
    public void Points_are_quantized_to_the_step_and_read_back_the_whisper_way()
    {
        using var store = new EngineFixture();
        Assert.Equal(3, store.Write(("a.b", T0 + 61, 1), ("a.b", T0 + 125, 2), ("a.b", T0 + 180, 3)));

        // whisper returns slots from from - from % step + step: asking from T0 starts at T0 + 60.
        var series = store.Engine.Fetch("a.b", T0, T0 + 240, store.Clock.Now)!;
        Assert.Equal(T0 + 60, series.Start);
        Assert.Equal(T0 + 300, series.End);
        Assert.Equal(60, series.Step);
        Assert.Equal([1, 2, 3, double.NaN], series.Values);
    }

    [Fact]
    public void Writing_a_slot_twice_keeps_the_last_value_in_every_layer()
    {
        using var store = new EngineFixture();
        store.Write(("a.b", T0 + 60, 1), ("a.b", T0 + 120, 2));
        store.Engine.FlushNow();
        store.Write(("a.b", T0 + 60, 10));
        Assert.Equal([10, 2], store.Values("a.b", T0, T0 + 120));
        store.Engine.FlushNow();
        store.Write(("a.b", T0 + 61, 100), ("a.b", T0 + 62, 101));
        Assert.Equal([101, 2], store.Values("a.b", T0, T0 + 120));
        store.Engine.CompactNow();
        Assert.Equal([101, 2], store.Values("a.b", T0, T0 + 120));
        store.Reopen();
        Assert.Equal([101, 2], store.Values("a.b", T0, T0 + 120));
    }

    [Fact]
    public void Out_of_order_and_backfilled_points_land_in_their_slots()
    {
        using var store = new EngineFixture();
        store.Write(("x", T0 + 600, 6), ("x", T0 + 60, 1), ("x", T0 + 300, 3));
        store.Engine.FlushNow();
        store.Write(("x", T0 + 120, 2));
        Assert.Equal([1, 2, double.NaN, double.NaN, 3, double.NaN, double.NaN, double.NaN, double.NaN, 6], store.Values("x", T0, T0 + 600));
    }

    [Fact]
    public void Unflushed_points_survive_a_restart_through_the_wal()
    {
        using var store = new EngineFixture();
        for (var i = 0; i < 50; i++)
        {
            store.Write(($"s.{i % 7}", T0 + i * 60, i));
        }

        store.Reopen();
        Assert.Equal(7, store.Engine.SeriesCount);
        Assert.Equal(50, store.Engine.Counters.PointsReplayed);
        var values = store.Values("s.3", T0 - 60, T0 + 49 * 60);
        Assert.Equal(3, values[3]);
        Assert.Equal(10, values[10]);
        Assert.True(double.IsNaN(values[4]));
    }

    [Fact]
    public void A_full_head_is_flushed_to_parts_and_the_wal_is_trimmed()
    {
        using var store = new EngineFixture(headCapacity: 1000);
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 400; i++)
            {
                store.Write(($"h.{i}", T0 + round * 60, round * 1000 + i));
            }
        }

        store.Engine.FlushNow();
        Assert.True(store.Engine.Counters.Flushes >= 2);
        Assert.Equal([399, 1399, 2399, 3399, 4399], store.Values("h.399", T0 - 60, T0 + 240));
        var walFiles = System.IO.Directory.GetFiles(Path.Combine(store.Directory, "wal"));
        Assert.Single(walFiles); // only the fresh segment is left
        store.Reopen();
        Assert.Equal(0, store.Engine.Counters.PointsReplayed);
        Assert.Equal([0, 1000, 2000, 3000, 4000], store.Values("h.0", T0 - 60, T0 + 240));
    }

    [Fact]
    public void Compaction_merges_a_bucket_into_one_part()
    {
        using var store = new EngineFixture();
        for (var round = 0; round < 4; round++)
        {
            store.Write(("m", T0 + round * 60, round), ("n", T0 + round * 60, -round));
            store.Engine.FlushNow();
        }

        var partsBefore = System.IO.Directory.GetFiles(Path.Combine(store.Directory, "parts"), "*.part", SearchOption.AllDirectories).Length;
        store.Engine.CompactNow();
        var partsAfter = System.IO.Directory.GetFiles(Path.Combine(store.Directory, "parts"), "*.part", SearchOption.AllDirectories).Length;
        Assert.Equal(4, partsBefore);
        Assert.Equal(1, partsAfter);
        Assert.Equal([0, 1, 2, 3], store.Values("m", T0 - 60, T0 + 180));
        Assert.Equal([0, -1, -2, -3], store.Values("n", T0 - 60, T0 + 180));
    }

    [Fact]
    public void Reads_pick_the_finest_archive_covering_the_range_and_roll_up_from_it()
    {
        using var store = new EngineFixture();
        for (var i = 0; i < 10; i++)
        {
            store.Write(("r", T0 + i * 60, i)); // 60s:1d archive
        }

        // A range older than a day picks the 5-minute archive, computed from the 1-minute data (average).
        store.Clock.Now = T0 + 2 * 86400;
        var series = store.Engine.Fetch("r", T0 - 1, T0 + 600, store.Clock.Now)!;
        Assert.Equal(300, series.Step);
        Assert.Equal(T0, series.Start);
        Assert.Equal([2, 7, double.NaN], series.Values); // (0..4)/5 = 2, (5..9)/5 = 7
    }

    [Fact]
    public void Data_past_retention_is_removed_after_being_rolled_up()
    {
        using var store = new EngineFixture();
        for (var i = 0; i < 10; i++)
        {
            store.Write(("r", T0 + i * 60, i));
        }

        store.Engine.FlushNow();
        store.Clock.Now = T0 + 5 * 86400; // the 1-minute archive (1 day) has expired for these points
        store.Engine.CompactNow();
        Assert.True(store.Engine.Counters.BlocksDropped >= 1);
        var series = store.Engine.Fetch("r", T0 - 1, T0 + 600, store.Clock.Now)!;
        Assert.Equal([2, 7, double.NaN], series.Values);
        store.Reopen();
        Assert.Equal([2, 7, double.NaN], store.Engine.Fetch("r", T0 - 1, T0 + 600, store.Clock.Now)!.Values);

        // Past the 30-day archive too: nothing left, and the fetch says so.
        store.Clock.Now = T0 + 40 * 86400;
        store.Engine.CompactNow();
        Assert.Null(store.Engine.Fetch("r", T0 - 1, T0 + 600, store.Clock.Now));
    }

    [Fact]
    public void Old_points_go_straight_to_the_coarse_archive_and_too_old_ones_are_dropped()
    {
        using var store = new EngineFixture();
        store.Clock.Now = T0 + 10 * 86400;
        Assert.Equal(1, store.Write(("o", T0 + 310, 5)));      // 10 days old: the 5m:30d archive
        Assert.Equal(0, store.Write(("o", T0 - 40 * 86400, 1))); // older than every archive
        Assert.Equal(1, store.Engine.Counters.PointsTooOld);
        var series = store.Engine.Fetch("o", T0, T0 + 900, store.Clock.Now)!;
        Assert.Equal(300, series.Step);
        Assert.Equal([5, double.NaN, double.NaN], series.Values);
    }

    [Fact]
    public void Points_far_in_the_future_are_refused()
    {
        using var store = new EngineFixture();
        Assert.Equal(0, store.Write(("f", store.Clock.Now + 3600, 1)));
        Assert.Equal(1, store.Engine.Counters.PointsInFuture);
        Assert.Equal(1, store.Write(("f", store.Clock.Now + 60, 1)));
    }

    [Fact]
    public void Globs_find_series_and_tagged_series_are_fetchable_by_name()
    {
        using var store = new EngineFixture();
        store.Write(("servers.web-1.cpu", T0 + 60, 1), ("servers.web-2.cpu", T0 + 60, 2), ("servers.db-1.cpu", T0 + 60, 3), ("disk.used;host=a;dc=x", T0 + 60, 4));
        var names = store.Engine.FindSeries("servers.web-*.cpu").Select(s => s.Name).ToArray();
        Assert.Equal(["servers.web-1.cpu", "servers.web-2.cpu"], names);
        Assert.Equal([4], store.Values("disk.used;host=a;dc=x", T0, T0 + 60));
        store.Reopen();
        Assert.Equal(3, store.Engine.FindSeries("servers.*.cpu").Count);
    }

    [Fact]
    public void Series_keep_the_schema_they_were_created_with()
    {
        using var store = new EngineFixture();
        store.Write(("keep", T0 + 60, 1));
        store.Engine.Dispose();
        store.Options.Schemas = Mine.Storage.Schemas.StorageSchemas.Parse("[x]\npattern = .*\nretentions = 10s:1h\n", "changed");
        var reopened = StorageEngine.Open(store.Options);
        try
        {
            Assert.Equal(60, reopened.Fetch("keep", T0, T0 + 60, store.Clock.Now)!.Step);
        }
        finally
        {
            reopened.Dispose();
            store.Options.Schemas = Mine.Storage.Schemas.StorageSchemas.Parse("[default]\npattern = .*\nretentions = 60s:1d,5m:30d\n", "test-schemas");
            typeof(EngineFixture).GetProperty(nameof(EngineFixture.Engine))!.SetValue(store, StorageEngine.Open(store.Options));
        }
    }

    [Fact]
    public void A_second_engine_on_the_same_folder_is_refused()
    {
        using var store = new EngineFixture();
        var error = Assert.Throws<Mine.Core.Errors.FolderInUseException>(() => StorageEngine.Open(store.Options));
        Assert.Contains("in use by another Mine process", error.Message, StringComparison.Ordinal);
    }
}
