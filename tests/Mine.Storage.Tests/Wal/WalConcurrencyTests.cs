using System.Buffers.Binary;
using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Wal;

public class WalConcurrencyTests
{
    [Theory]
    [InlineData(WalSyncMode.None, 8, 4000)]
    [InlineData(WalSyncMode.Always, 6, 300)]
    [InlineData(WalSyncMode.Interval, 4, 2000)]
    public void Concurrent_appends_replay_exactly_once_in_per_thread_order(WalSyncMode mode, int threads, int perThread)
    {
        using var dir = new WalTestDirectory();
        var options = new WalOptions { SyncMode = mode, MaxSegmentSize = 64 * 1024, SyncInterval = TimeSpan.FromMilliseconds(5) };
        using (var writer = WalWriter.Open(dir.Path, options))
        {
            using var start = new Barrier(threads);
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                var thread = t;
                workers[t] = new Thread(() =>
                {
                    Span<byte> payload = stackalloc byte[8 + (thread * 13)];
                    using var batch = new WalBatch(256);
                    start.SignalAndWait();
                    for (var i = 0; i < perThread; i++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(payload, thread);
                        BinaryPrimitives.WriteInt32LittleEndian(payload[4..], i);

                        // Mix single appends and small batches, as ingest connections would.
                        if (i % 10 < 7)
                        {
                            writer.Append((byte)(thread + 1), payload);
                            continue;
                        }

                        batch.Add((byte)(thread + 1), payload);
                        if (i % 10 == 9)
                        {
                            writer.Append(batch);
                            batch.Clear();
                        }
                    }

                    writer.Append(batch);
                });
                workers[t].Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }
        }

        var next = new int[threads];
        var summary = WalReader.Replay(dir.Path, (type, payload) =>
        {
            var thread = BinaryPrimitives.ReadInt32LittleEndian(payload);
            Assert.Equal(thread + 1, type);
            Assert.Equal(8 + (thread * 13), payload.Length);
            Assert.Equal(next[thread], BinaryPrimitives.ReadInt32LittleEndian(payload[4..]));
            next[thread]++;
        });

        Assert.All(next, count => Assert.Equal(perThread, count));
        Assert.Equal((long)threads * perThread, summary.Records);
        Assert.False(summary.Repaired);
        Assert.True(summary.Segments > 1, "the test should cross segment boundaries");
    }
}
