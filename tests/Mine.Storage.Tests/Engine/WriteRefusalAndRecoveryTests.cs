using Mine.Core.Hashing;
using System.Text;
using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// What storage refuses creates nothing, every refusal is counted by reason, and damage a folder may carry (a name an
/// older Mine let through, a broken checkpoint) never stops a start.
/// </summary>
public sealed class WriteRefusalAndRecoveryTests
{
    [Fact]
    public void A_name_storage_cannot_hold_is_refused_and_counted_and_the_rest_of_the_batch_is_stored()
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now;
        var batch = new PointBatch();
        batch.Add("ok.before", now, 1);
        batch.Add("dots..x", now, 2);
        batch.Add(".lead", now, 3);
        batch.Add("trail.", now, 4);
        batch.Add("stats..timers.api", now, 5);
        batch.Add("ok.after", now, 6);

        var result = store.Engine.Write(batch, int.MaxValue);

        Assert.Equal((6, 2, 4, 2), (result.Offered, result.Accepted, result.BadName, result.SeriesCreated));
        Assert.Equal(4, store.Engine.Counters.PointsBadName);
        Assert.Equal(2, store.Engine.SeriesCount);
        Assert.Equal(6, store.Values("ok.after", now - 60, now)[^1]);

        // And the engine goes on: later batches are stored, the folder reopens.
        Assert.Equal(1, store.Write(("ok.later", now, 7)));
        store.Reopen();
        Assert.Equal(3, store.Engine.SeriesCount);
        Assert.Equal(7, store.Values("ok.later", now - 60, now)[^1]);
    }

    [Fact]
    public void Points_refused_as_too_old_or_in_the_future_create_no_series()
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now;
        var batch = new PointBatch();
        batch.Add("never.old", now - (31 * 86400), 1);
        batch.Add("never.future", now + 3600, 2);

        var result = store.Engine.Write(batch, int.MaxValue);

        Assert.Equal((0, 1, 1, 0), (result.Accepted, result.TooOld, result.InFuture, result.SeriesCreated));
        Assert.Equal(0, store.Engine.SeriesCount);
        Assert.Empty(store.Engine.Find("never.*"));
        store.Reopen();
        Assert.Equal(0, store.Engine.SeriesCount);
    }

    [Fact]
    public void The_new_series_allowance_refuses_points_of_further_new_series_only()
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now;
        store.Write(("known.a", now - 60, 1));
        var batch = new PointBatch();
        for (var i = 0; i < 5; i++)
        {
            batch.Add($"new.s{i}", now, i);
        }

        batch.Add("known.a", now, 9);
        batch.Add("new.s0", now - 60, 10); // a second point of a series this batch created is not a new series

        var result = store.Engine.Write(batch, newSeriesAllowance: 2);

        Assert.Equal((4, 2, 3), (result.Accepted, result.SeriesCreated, result.OverSeriesLimit));
        Assert.Equal(3, store.Engine.Counters.PointsOverSeriesLimit);
        Assert.Equal(["new.s0", "new.s1"], store.Engine.Find("new.*").Select(static n => n.Path));
        Assert.Equal(9, store.Values("known.a", now - 60, now)[^1]);
    }

    [Fact]
    public void A_name_an_older_version_let_into_the_series_log_does_not_stop_the_start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mine-badlog-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            using (var catalog = SeriesCatalog.Open(Path.Combine(directory, "series.log"), _ => { }))
            {
                foreach (var name in new[] { "good.one", "dots..x", "good.two" })
                {
                    var bytes = Encoding.UTF8.GetBytes(name);
                    catalog.Create(bytes, NameHashTable.Hash(bytes), [new ArchiveSpec(60, 1440)], AggregationMethod.Average, 0);
                }

                catalog.FlushLog(durable: true);
            }

            var log = new List<string>();
            using var engine = StorageEngine.Open(new StorageOptions { DataDirectory = directory, BackgroundMaintenance = false, Log = log.Add });

            Assert.Equal(1, engine.Counters.SeriesSkippedAtStart);
            Assert.Contains(log, static line => line.Contains("'dots..x' cannot be indexed", StringComparison.Ordinal));
            Assert.Equal(["good.one", "good.two"], engine.Find("good.*").Select(static n => n.Path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_checkpoint_is_moved_aside_and_the_store_opens_with_its_data()
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now;
        store.Write(("cp.a", now - 120, 1), ("cp.b", now - 120, 2));
        store.Engine.FlushNow();
        store.Write(("cp.a", now - 60, 3));
        var checkpoint = Path.Combine(store.Directory, "checkpoint");
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(checkpoint, bytes);

        store.Reopen();

        Assert.True(File.Exists(Path.Combine(store.Directory, "corrupt", "checkpoint")));
        Assert.Contains(store.Log, static line => line.Contains("checkpoint", StringComparison.Ordinal) && line.Contains("damaged", StringComparison.Ordinal));
        var values = store.Values("cp.a", now - 180, now);
        Assert.Equal([1.0, 3.0], values.Where(static v => !double.IsNaN(v)));
        Assert.Equal(2, store.Values("cp.b", now - 180, now).Single(static v => !double.IsNaN(v)));
    }

    [Fact]
    public void A_checkpoint_from_a_newer_version_stops_the_start_with_a_clear_message()
    {
        using var store = new EngineFixture();
        store.Engine.Dispose();
        var checkpoint = Path.Combine(store.Directory, "checkpoint");
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[4] = 2; // version 2
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), Crc32C.Compute(bytes.AsSpan(0, 24)));
        File.WriteAllBytes(checkpoint, bytes);

        var error = Assert.Throws<NotSupportedException>(() => StorageEngine.Open(store.Options).Dispose());

        Assert.Contains("newer Mine", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// After an fsync fails the WAL writer refuses appends (the kernel may have dropped the pages it could not write).
/// The engine must not stay deaf: the next write gets a new WAL, the points held in memory go to fsynced parts, and
/// nothing acknowledged is lost across a restart.
/// </summary>
public sealed class FailedFsyncTests
{
    [Fact]
    public void After_a_failed_fsync_the_engine_writes_to_a_new_wal_and_keeps_every_acknowledged_point()
    {
        var failNext = 0;
        var directory = Path.Combine(Path.GetTempPath(), "mine-fsync-" + Guid.NewGuid().ToString("N"));
        var clock = new ManualClock(EngineFixture.T0 + 86400);
        var log = new List<string>();
        var options = new StorageOptions
        {
            DataDirectory = directory,
            Time = clock,
            BackgroundMaintenance = false,
            WalSyncMode = Mine.Storage.Wal.WalSyncMode.Always,
            Log = line =>
            {
                lock (log)
                {
                    log.Add(line);
                }
            },
            FaultInjection = point =>
            {
                if (point == Mine.Storage.Wal.WalOptions.FsyncPoint && Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    throw new IOException("simulated EIO on fsync");
                }
            },
        };
        try
        {
            var acknowledged = new List<(string, long, double)>();
            using (var engine = StorageEngine.Open(options))
            {
                for (var i = 0; i < 10; i++)
                {
                    Write(engine, clock, acknowledged, i);
                }

                Volatile.Write(ref failNext, 1);
                Assert.Throws<IOException>(() => Write(engine, clock, acknowledged, 10));
                Assert.True(engine.WritesFailing);

                // The next write recovers by itself: a new WAL, the held points flushed to parts.
                for (var i = 11; i < 20; i++)
                {
                    Write(engine, clock, acknowledged, i);
                }

                Assert.False(engine.WritesFailing);
                Assert.Contains(log, static line => line.Contains("new segment", StringComparison.Ordinal));
                WaitUntil(() => engine.Counters.Flushes >= 1);
            }

            options.FaultInjection = null;
            using var reopened = StorageEngine.Open(options);
            foreach (var (name, time, value) in acknowledged)
            {
                var values = reopened.Fetch(name, time - 60, time, clock.Now)!.Values;
                Assert.Equal(value, values[^1]);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Write(StorageEngine engine, ManualClock clock, List<(string, long, double)> acknowledged, int round)
    {
        var batch = new PointBatch();
        var time = clock.Now - 3600 + (round * 60);
        for (var s = 0; s < 50; s++)
        {
            batch.Add($"fsync.s{s}", time, (round * 100) + s);
        }

        Assert.Equal(50, engine.Write(batch));
        for (var s = 0; s < 50; s++)
        {
            acknowledged.Add(($"fsync.s{s}", time, (round * 100) + s));
        }
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 20_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "timed out");
            Thread.Sleep(20);
        }
    }
}
