using System.Diagnostics;
using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;
using Mine.TestKit.Disk;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// A full disk, for real: the data folder on a small tmpfs, filled to the last byte. Writes are refused with an
/// IOException that acknowledges nothing, reads keep working, flushes report their failure instead of hanging,
/// and when space returns the same batches go in, everything acknowledged survives a restart, nothing is corrupt.
/// Needs root (mount); skipped without it locally, failing in CI.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly Tmpfs _disk = new("mine-diskfull", "6m");
    private readonly List<string> _log = [];

    [Fact]
    public void A_full_disk_refuses_writes_without_losing_anything_and_ingest_resumes_when_space_returns()
    {
        if (!_disk.Require())
        {
            return;
        }

        var data = Path.Combine(_disk.Path, "data");
        var clock = new ManualClock(EngineFixture.T0 + 86400);
        var options = Options(data, clock);
        var acknowledged = new List<(string Name, long Time, double Value)>();
        using (var engine = StorageEngine.Open(options))
        {
            WriteBatches(engine, clock, acknowledged, 0, 20);
            var ballast = Path.Combine(_disk.Path, "ballast");
            Tmpfs.Fill(ballast);

            // The disk is full: every write is refused as a whole, repeatedly, with the reason.
            var refused = 0;
            var batchNumber = 20;
            for (var attempt = 0; attempt < 40 && refused < 5; attempt++)
            {
                var batch = MakeBatch(clock, batchNumber, out var points);
                try
                {
                    engine.Write(batch);
                    acknowledged.AddRange(points);
                    batchNumber++;
                }
                catch (IOException)
                {
                    refused++;
                }
            }

            Assert.True(refused >= 5, "the full disk should refuse writes");
            Assert.True(engine.WritesFailing);
            Assert.Contains("writes failing", engine.Problem, StringComparison.Ordinal);
            Assert.True(engine.Counters.WriteFailures >= 5);

            // Queries keep working, on everything acknowledged so far.
            AssertAll(engine, clock, acknowledged);

            // A flush cannot hang: it answers with the disk's error (or finishes, if its part still fit).
            var flush = Stopwatch.StartNew();
            try
            {
                engine.FlushNow();
            }
            catch (IOException ex)
            {
                Assert.Contains("flush", ex.Message, StringComparison.OrdinalIgnoreCase);
            }

            Assert.True(flush.Elapsed < TimeSpan.FromSeconds(20), $"FlushNow took {flush.Elapsed}");

            // Space returns: the very batch that was refused goes in (its series were created by the refused
            // attempt, their records still buffered: they must reach series.log before this batch's WAL record, or
            // a crash now would lose it), and ingest carries on.
            File.Delete(ballast);
            WriteBatches(engine, clock, acknowledged, batchNumber, 1);
            var crashed = Path.Combine(_disk.Path, "crashed");
            CrashCopy.Take(data, crashed);
            using (var afterCrash = StorageEngine.Open(Options(crashed, clock)))
            {
                AssertAll(afterCrash, clock, acknowledged);
            }

            Directory.Delete(crashed, recursive: true);
            WriteBatches(engine, clock, acknowledged, batchNumber + 1, 29);
            Assert.False(engine.WritesFailing);
            Assert.Null(engine.Problem is { } p && p.StartsWith("writes", StringComparison.Ordinal) ? p : null);
            AssertAll(engine, clock, acknowledged);
            WaitUntil(() => engine.Problem is null, "the flush should recover by itself");
            engine.FlushNow();
        }

        // Nothing acknowledged is lost across a restart, and nothing unacknowledged shows up.
        using var reopened = StorageEngine.Open(Options(data, clock));
        AssertAll(reopened, clock, acknowledged);
    }

    [Fact]
    public void A_restart_on_a_full_disk_opens_and_serves_reads()
    {
        if (!_disk.Require())
        {
            return;
        }

        var data = Path.Combine(_disk.Path, "data");
        var clock = new ManualClock(EngineFixture.T0 + 86400);
        var acknowledged = new List<(string Name, long Time, double Value)>();
        using (var engine = StorageEngine.Open(Options(data, clock)))
        {
            WriteBatches(engine, clock, acknowledged, 0, 10);
        }

        Tmpfs.Fill(Path.Combine(_disk.Path, "ballast"));
        using var reopened = StorageEngine.Open(Options(data, clock));
        AssertAll(reopened, clock, acknowledged);
    }

    private StorageOptions Options(string data, ManualClock clock) => new()
    {
        DataDirectory = data,
        Schemas = StorageSchemas.Parse("[full]\npattern = .*\nretentions = 10s:1d\n", "full-schemas"),
        HeadCapacityPoints = 4000,
        Time = clock,
        BackgroundMaintenance = false,
        WalSyncMode = WalSyncMode.None,
        Log = message =>
        {
            lock (_log)
            {
                _log.Add(message);
            }
        },
    };

    private static PointBatch MakeBatch(ManualClock clock, int batchNumber, out List<(string, long, double)> points)
    {
        var batch = new PointBatch(256);
        points = [];
        var time = clock.Now - 3600 + (batchNumber * 10);
        for (var s = 0; s < 200; s++)
        {
            // New series in every batch, with long names: on the full disk the series log's write fails first.
            var name = s < 190 ? $"full.host-{s:D4}.value" : $"full.new-{batchNumber:D4}-{s}.{new string('n', 2000)}";
            var value = (batchNumber * 1000) + s + 0.5;
            batch.Add(name, time, value);
            points.Add((name, time, value));
        }

        return batch;
    }

    private static void WriteBatches(StorageEngine engine, ManualClock clock, List<(string, long, double)> acknowledged, int first, int count)
    {
        for (var b = first; b < first + count; b++)
        {
            var batch = MakeBatch(clock, b, out var points);
            Assert.Equal(points.Count, engine.Write(batch));
            acknowledged.AddRange(points);
        }
    }

    private void AssertAll(StorageEngine engine, ManualClock clock, List<(string Name, long Time, double Value)> acknowledged)
    {
        foreach (var group in acknowledged.GroupBy(static p => p.Name))
        {
            var fetched = engine.Fetch(group.Key, clock.Now - 7200, clock.Now, clock.Now);
            Assert.True(fetched is not null, $"{group.Key} is missing\n{string.Join('\n', _log.TakeLast(20))}");
            foreach (var (_, time, value) in group)
            {
                var index = (int)((time - fetched.Start) / fetched.Step);
                Assert.True(fetched.Values[index] == value, $"{group.Key} @ {time}: {fetched.Values[index]} instead of {value}\n{string.Join('\n', _log.TakeLast(20))}");
            }
        }
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, what);
            Thread.Sleep(50);
        }
    }

    public void Dispose() => _disk.Dispose();
}
