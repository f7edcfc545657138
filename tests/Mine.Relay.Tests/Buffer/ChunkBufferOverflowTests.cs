using Mine.Relay.Buffer;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferOverflowTests
{
    private static readonly ChunkBufferOptions Tight = new() { ChunkLimitBytes = 500, TotalLimitBytes = 4000 };

    [Fact]
    public async Task Block_waits_for_room_and_proceeds_when_an_acknowledgement_frees_it()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Tight);
        var source = buffer.Source(0);
        Assert.False(buffer.Full);

        Task? blocked = null;
        var appended = 0;
        while (blocked is null)
        {
            Assert.True(appended < 10_000, "the buffer never filled");
            var append = buffer.AppendAsync(0, Numbered(appended, 1), CancellationToken.None);
            if (append.IsCompleted)
            {
                await append;
                appended++;
                buffer.SealDue();
            }
            else
            {
                blocked = append.AsTask();
            }
        }

        Assert.True(buffer.BytesUsed <= buffer.BytesLimit);
        await Task.Delay(100);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(1, buffer.Stats(0).AppendsBlocked);
        Assert.Equal(1, buffer.AppendsWaiting);
        Assert.True(buffer.Full, $"an append waits with {buffer.BytesUsed} of {buffer.BytesLimit} bytes used, but the buffer does not say it is full");

        source.Acknowledge(Next(source).Id);
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, buffer.AppendsWaiting);

        var stats = buffer.Stats(0);
        Assert.Equal(appended + 1, stats.PointsBuffered);
        Assert.Equal(0, stats.PointsDropped);
        Assert.True(buffer.BytesUsed <= buffer.BytesLimit);
    }

    [Fact]
    public async Task A_blocked_append_gives_up_when_cancelled_or_when_the_buffer_closes()
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Tight);
        for (var n = 0; buffer.BytesUsed + 100 < buffer.BytesLimit; n++)
        {
            Append(buffer, n, 1);
        }

        using var cancel = new CancellationTokenSource();
        var cancelled = buffer.AppendAsync(0, Numbered(0, 3), cancel.Token).AsTask();
        var closed = buffer.AppendAsync(0, Numbered(0, 3), CancellationToken.None).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
        buffer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Drop_oldest_deletes_the_oldest_chunks_of_the_destination_holding_most_and_counts_their_points_exactly()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Tight with { Overflow = BufferOverflow.DropOldest }, "down", "up");
        var up = new List<long>();
        for (var n = 0; n < 2000; n++)
        {
            Append(buffer, n, 1, destination: 0);
            if (n % 10 == 0)
            {
                Append(buffer, n, 1, destination: 1);
                up.AddRange(Drain(buffer, 1));
            }

            Assert.True(buffer.BytesUsed <= buffer.BytesLimit);
        }

        SealAll(buffer, folder.Clock);
        var down = buffer.Stats(0);
        Assert.True(down.PointsDropped > 1000, $"dropped {down.PointsDropped}");
        Assert.Equal(2000, down.PointsBuffered);
        Assert.Equal(down.PointsBuffered, down.PointsDropped + down.PointsQueued);

        // What is left is exactly the newest points: every dropped chunk was older than every kept one.
        Assert.Equal(Enumerable.Range((int)down.PointsDropped, 2000 - (int)down.PointsDropped).Select(n => (long)n), Drain(buffer, 0));
        Assert.Equal(0, buffer.Stats(1).PointsDropped);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => n * 10L), up.Concat(Drain(buffer, 1)));
        Assert.Contains(folder.Log, l => l.StartsWith("buffer full: down: dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Drop_oldest_logs_at_most_one_line_per_interval_and_sums_what_it_did_not_log()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Tight with { Overflow = BufferOverflow.DropOldest });
        for (var n = 0; n < 1000; n++)
        {
            Append(buffer, n, 1);
        }

        var lines = folder.Log.Where(l => l.StartsWith("buffer full", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        folder.Clock.Advance(TimeSpan.FromSeconds(10));
        buffer.SealDue();

        lines = [.. folder.Log.Where(l => l.StartsWith("buffer full", StringComparison.Ordinal))];
        Assert.Equal(2, lines.Count);
        var logged = lines.Sum(l => long.Parse(l.Split('(')[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(buffer.Stats(0).PointsDropped, logged);
    }

    [Fact]
    public async Task Drop_oldest_waits_for_full_chunks_to_be_sealed_and_drops_them_rather_than_refuse_the_newest_points()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Tight with { Overflow = BufferOverflow.DropOldest });

        // Appends outrun the sealing loop: full chunks pile up unsealed until the limit, with nothing sealed to drop.
        var n = 0;
        ValueTask pending;
        while ((pending = buffer.AppendAsync(0, Numbered(n, 1), CancellationToken.None)).IsCompleted)
        {
            await pending;
            Assert.True(++n < 10_000, $"the append never waited for the sealing loop: {buffer.Stats(0).PointsDropped} points refused");
        }

        Assert.Equal(0, buffer.Stats(0).PointsDropped);
        buffer.SealDue(); // the sealing loop's pass, which the waiting append woke
        await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        n++;
        for (var i = 0; i < 500; i++)
        {
            Append(buffer, n++, 1);
        }

        SealAll(buffer, folder.Clock);
        var stats = buffer.Stats(0);
        Assert.Equal(n, stats.PointsBuffered);
        Assert.True(stats.PointsDropped > 0);
        Assert.Equal(stats.PointsBuffered, stats.PointsDropped + stats.PointsQueued);
        Assert.DoesNotContain(folder.Log, l => l.Contains("refused", StringComparison.Ordinal));
        var kept = Drain(buffer);
        Assert.Equal(Enumerable.Range(n - kept.Count, kept.Count).Select(x => (long)x), kept); // the newest, every one
    }

    [Fact]
    public void Drop_oldest_refuses_and_counts_new_points_when_every_queued_chunk_is_in_flight()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Tight with { Overflow = BufferOverflow.DropOldest });
        var n = 0;
        while (buffer.BytesUsed + 200 < buffer.BytesLimit)
        {
            Append(buffer, n++, 1);
            TakeReady(buffer); // in flight: the forward client holds them
        }

        var before = buffer.Stats(0);
        for (var i = 0; i < 50; i++)
        {
            Append(buffer, n++, 1);
            TakeReady(buffer);
        }

        var after = buffer.Stats(0);
        Assert.True(after.PointsDropped > 0);
        Assert.Equal(0, after.ChunksDropped);
        Assert.True(after.ChunksInFlight >= before.ChunksInFlight);
        Assert.Equal(after.PointsBuffered + after.PointsDropped, n);
        Assert.Contains(folder.Log, l => l.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public void A_limit_staged_chunks_alone_could_fill_is_refused_at_open()
    {
        using var folder = new BufferFolder();
        var refused = Assert.Throws<ArgumentException>(() => folder.Open(new ChunkBufferOptions { ChunkLimitBytes = 1000, TotalLimitBytes = 3999 }, "a", "b"));
        Assert.Contains("at least twice the chunk limit per destination", refused.Message, StringComparison.Ordinal);
    }
}
