using System.Collections.Concurrent;
using Mine.Core.Health;
using Mine.Relay.Buffer;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferConcurrencyTests
{
    [Fact]
    public async Task Appenders_on_several_threads_the_sealing_loop_and_forward_clients_deliver_every_point_once()
    {
        using var folder = new BufferFolder();
        const int Threads = 4;
        const int Batches = 300;
        const int PerBatch = 37;
        using var buffer = folder.Open(new ChunkBufferOptions { ChunkLimitBytes = 8000, TotalLimitBytes = 64_000 }, "a", "b");
        using var stop = new CancellationTokenSource();
        var received = new ConcurrentBag<long>[] { [], [] };

        var clients = Enumerable.Range(0, 2).Select(d => Task.Run(async () =>
        {
            var source = buffer.Source(d);
            var random = new Random(d);
            try
            {
                while (true)
                {
                    var chunk = await source.NextAsync(stop.Token);
                    if (random.Next(4) == 0)
                    {
                        source.Release(chunk.Id); // a lost connection: sent again later
                        continue;
                    }

                    foreach (var n in Numbers(chunk))
                    {
                        received[d].Add(n);
                    }

                    source.Acknowledge(chunk.Id);
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();

        var clock = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                folder.Clock.Advance(TimeSpan.FromMilliseconds(300));
                await Task.Delay(1);
            }
        });
        var health = new LoopHealth("relay-buffer-sealing", TimeSpan.FromSeconds(10));
        var sealer = buffer.RunSealingAsync(health, stop.Token);

        // Block policy with a small limit: appenders wait on the forward clients, too.
        var appenders = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                var first = ((long)t * Batches * PerBatch) + (b * PerBatch);
                await buffer.AppendAsync(b % 2, Numbered(first, PerBatch), CancellationToken.None);
            }
        })).ToArray();

        await Task.WhenAll(appenders).WaitAsync(TimeSpan.FromSeconds(60));
        var total = Threads * Batches * PerBatch;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received[0].Count + received[1].Count < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients.Append(clock)).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sealer.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(health.Snapshot().Healthy);

        var all = received[0].Concat(received[1]).ToList();
        Assert.Equal(total, all.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(n => (long)n), all.Order());
        Assert.All(received[0], n => Assert.Equal(0, n / PerBatch % 2));
        Assert.Equal(0, buffer.BytesUsed);
        Assert.Equal(total, buffer.Stats(0).PointsAcknowledged + buffer.Stats(1).PointsAcknowledged);
    }
}
