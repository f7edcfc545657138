using Mine.Core.Health;
using Mine.Relay.Buffer;
using Mine.Relay.Chunks;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferSealingLoopTests
{
    private static readonly int Record = ChunkRecords.RecordSize("collectd.web-0000.cpu-0.cpu-user".Length);

    [Fact]
    public async Task The_sealing_loop_seals_a_chunk_an_append_fills_without_waiting_for_its_age_and_stops_when_cancelled()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(new ChunkBufferOptions { ChunkLimitBytes = 20 * Record, TotalLimitBytes = 1 << 20 });
        using var stop = new CancellationTokenSource();
        var health = new LoopHealth("relay-buffer-sealing", TimeSpan.FromSeconds(10));
        var loop = buffer.RunSealingAsync(health, stop.Token);

        AppendOnly(buffer, 0, 10);
        AppendOnly(buffer, 10, 15);
        var chunk = await buffer.Source(0).NextAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, 10).Select(n => (long)n), Numbers(chunk));
        Assert.Equal(15, buffer.Stats(0).PointsStaged); // the clock has not moved: the rest waits for its age
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(LoopState.Running, health.Snapshot().State);
    }

    [Fact]
    public async Task A_sealing_loop_whose_seals_fail_reports_failing_and_running_again_once_they_succeed()
    {
        using var folder = new BufferFolder();
        var failing = true;
        using var buffer = folder.Open(new ChunkBufferOptions
        {
            ChunkLimitBytes = 20 * Record,
            TotalLimitBytes = 1 << 20,
            FaultInjection = _ =>
            {
                if (Volatile.Read(ref failing))
                {
                    throw new IOException("No space left on device");
                }
            },
        });
        using var stop = new CancellationTokenSource();
        var health = new LoopHealth("relay-buffer-sealing", TimeSpan.FromSeconds(10));
        var loop = buffer.RunSealingAsync(health, stop.Token);

        AppendOnly(buffer, 0, 25);
        await Until(() => health.Snapshot().State == LoopState.Failing);
        Assert.Contains("No space left on device", health.Snapshot().LastError, StringComparison.Ordinal);

        Volatile.Write(ref failing, false);
        var chunk = await buffer.Source(0).NextAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(20, chunk.Points);
        await Until(() => health.Snapshot().State == LoopState.Running);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never became true");
            await Task.Delay(5);
        }
    }
}
