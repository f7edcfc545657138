using Mine.Relay.Buffer;
using Mine.Relay.Chunks;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferQueueTests
{
    private static readonly ChunkBufferOptions Small = new() { ChunkLimitBytes = 1000, TotalLimitBytes = 1 << 20 };

    [Fact]
    public void Chunks_come_out_in_the_order_they_were_sealed_and_leave_the_folder_on_acknowledgement()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 100);

        var chunks = TakeReady(buffer);
        Assert.True(chunks.Count >= 4, $"100 points of ~50 bytes make chunks of 1000 bytes, got {chunks.Count}");
        Assert.Equal(Enumerable.Range(0, chunks.Sum(c => c.Points)), chunks.SelectMany(Numbers).Select(n => (int)n));
        Assert.Equal(chunks.Select(c => c.Id).Order(), chunks.Select(c => c.Id));

        foreach (var chunk in chunks)
        {
            buffer.Source(0).Acknowledge(chunk.Id);
            Assert.False(File.Exists(Path.Combine(folder.Destination(), chunk.Id + ".chunk")));
        }

        SealAll(buffer, folder.Clock);
        Assert.Equal(Enumerable.Range(chunks.Sum(c => c.Points), 100 - chunks.Sum(c => c.Points)), Drain(buffer).Select(n => (int)n));
        Assert.Empty(folder.Files(pattern: "*.chunk"));
        Assert.Empty(folder.Files(pattern: "*.staged"));
        Assert.Equal(0, buffer.BytesUsed);
    }

    [Fact]
    public void A_chunk_the_destination_refuses_for_good_is_set_aside_and_the_next_one_comes_out()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 100);
        var source = buffer.Source(0);
        var used = buffer.BytesUsed;

        var refused = Next(source);
        var next = Next(source);
        source.Release(next.Id);
        source.Reject(refused.Id, "larger than the destination accepts");

        Assert.Equal(next.Id, Next(source).Id);
        Assert.False(File.Exists(Path.Combine(folder.Destination(), refused.Id + ".chunk")));
        Assert.Contains(folder.Corrupt(), f => f.Contains(refused.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, buffer.Stats(0).ChunksQuarantined);
        Assert.True(buffer.BytesUsed < used);
        source.Reject(refused.Id, "again"); // idempotent
        Assert.Equal(1, buffer.Stats(0).ChunksQuarantined);
    }

    [Fact]
    public void A_released_chunk_is_handed_out_again_before_newer_ones()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 100);
        var source = buffer.Source(0);

        var first = Next(source);
        var second = Next(source);
        var third = Next(source);
        source.Release(second.Id);
        source.Release(first.Id);

        Assert.Equal(first.Id, Next(source).Id);
        Assert.Equal(second.Id, Next(source).Id);
        Assert.NotEqual(third.Id, Next(source).Id);
    }

    [Fact]
    public void Acknowledging_or_releasing_an_unknown_or_repeated_id_changes_nothing()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 100);
        var source = buffer.Source(0);
        var chunk = Next(source);
        source.Acknowledge(chunk.Id);
        var before = buffer.Stats(0);

        source.Acknowledge(chunk.Id);
        source.Release(chunk.Id);
        source.Acknowledge(ChunkId.New(DateTimeOffset.UnixEpoch));
        var next = Next(source);
        source.Release(next.Id);
        source.Release(next.Id);

        Assert.Equal(before, buffer.Stats(0));
    }

    [Fact]
    public void A_chunk_is_sealed_as_soon_as_its_records_reach_the_size_limit()
    {
        using var folder = new BufferFolder();
        var record = ChunkRecords.RecordSize("collectd.web-0000.cpu-0.cpu-user".Length);
        using var buffer = folder.Open(Small with { ChunkLimitBytes = 20 * record });

        for (var i = 0; i < 19; i++)
        {
            Append(buffer, i * 100, 1);
        }

        Assert.Equal(0, buffer.Stats(0).ChunksQueued);
        Assert.Single(folder.Files(pattern: "*.staged"));

        Append(buffer, 1900, 1);
        Assert.Equal(1, buffer.Stats(0).ChunksQueued);
        Assert.Equal(20, buffer.Stats(0).PointsQueued);
        Assert.Single(folder.Files(pattern: "*.chunk"));
        Assert.Empty(folder.Files(pattern: "*.staged"));
    }

    [Fact]
    public void Points_of_one_append_that_would_overfill_the_chunk_start_the_next_one()
    {
        using var folder = new BufferFolder();
        var record = ChunkRecords.RecordSize("collectd.web-0000.cpu-0.cpu-user".Length);
        using var buffer = folder.Open(Small with { ChunkLimitBytes = 20 * record });

        Append(buffer, 0, 10);
        Append(buffer, 10, 15);

        var stats = buffer.Stats(0);
        Assert.Equal(1, stats.ChunksQueued);
        Assert.Equal(10, stats.PointsQueued);
        Assert.Equal(15, stats.PointsStaged);
    }

    [Fact]
    public void A_staged_chunk_is_sealed_once_it_is_older_than_the_flush_interval()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 3);

        folder.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, buffer.SealDue());
        folder.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, buffer.SealDue());

        Assert.Equal([0, 1, 2], Drain(buffer));
        Assert.Empty(folder.Files(pattern: "*.staged"));
    }

    [Fact]
    public void While_chunks_wait_unsent_a_staged_chunk_is_sealed_at_the_backlog_flush_interval()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small with { BacklogFlushInterval = TimeSpan.FromSeconds(30) });
        Append(buffer, 0, 3);
        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, buffer.SealDue());

        Append(buffer, 3, 3);
        folder.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, buffer.SealDue());
        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, buffer.SealDue());

        // Once the forward client has taken the backlog, the ordinary interval applies again.
        var taken = TakeReady(buffer);
        Append(buffer, 6, 3);
        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, buffer.SealDue());
        Assert.Equal(2, taken.Count);
    }

    [Fact]
    public async Task NextAsync_waits_until_a_chunk_is_sealed()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        var next = buffer.Source(0).NextAsync(CancellationToken.None).AsTask();
        Append(buffer, 0, 5);
        await Task.Delay(20);
        Assert.False(next.IsCompleted);

        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        buffer.SealDue();

        var chunk = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0, 1, 2, 3, 4], Numbers(chunk));
    }

    [Fact]
    public async Task NextAsync_stops_waiting_when_cancelled_or_when_the_buffer_closes()
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Small);
        using var cancel = new CancellationTokenSource();
        var cancelled = buffer.Source(0).NextAsync(cancel.Token).AsTask();
        var closed = buffer.Source(0).NextAsync(CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
        buffer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_clock_that_stands_still_or_steps_back_keeps_chunks_in_append_order()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        for (var i = 0; i < 20; i++)
        {
            Append(buffer, i * 10, 10);
            folder.Clock.Advance(TimeSpan.FromMilliseconds(i % 2 == 0 ? -5 : 0));
        }

        SealAll(buffer, folder.Clock);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => (long)n), Drain(buffer));
    }

    [Fact]
    public void A_destination_that_stays_down_holds_up_no_other()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small, "down", "up");
        var arrived = new List<long>();
        for (var round = 0; round < 10; round++)
        {
            Append(buffer, round * 30, 30, destination: 0);
            Append(buffer, round * 30, 30, destination: 1);
            arrived.AddRange(Drain(buffer, 1));
            folder.Clock.Advance(TimeSpan.FromSeconds(1));
            buffer.SealDue();
            arrived.AddRange(Drain(buffer, 1));
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(n => (long)n), arrived);
        Assert.Equal(0, buffer.Stats(1).ChunksQueued);
        Assert.Equal(300, buffer.Stats(0).PointsQueued + buffer.Stats(0).PointsStaged);
    }

    [Fact]
    public void Stats_count_what_was_buffered_queued_in_flight_and_acknowledged()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        Append(buffer, 0, 100);
        var source = buffer.Source(0);
        var first = Next(source);
        var second = Next(source);
        source.Acknowledge(first.Id);
        folder.Clock.Advance(TimeSpan.FromSeconds(5));

        var stats = buffer.Stats(0);
        Assert.Equal("centre", stats.Destination);
        Assert.Equal(100, stats.PointsBuffered);
        Assert.Equal(first.Points, stats.PointsAcknowledged);
        Assert.Equal(1, stats.ChunksInFlight);
        Assert.Equal(100 - first.Points, stats.PointsQueued + stats.PointsStaged);
        Assert.Equal(1, stats.ChunksStaged);
        Assert.True(stats.BytesQueued > second.Payload.Length);
        Assert.Equal(buffer.BytesUsed, stats.BytesQueued + stats.BytesStaged);
        Assert.Equal(second.Id.CreatedAt, stats.OldestUnacknowledged);
        Assert.Equal(folder.Clock.Now - second.Id.CreatedAt, stats.OldestAge(folder.Clock.Now));
        Assert.InRange(stats.OldestAge(folder.Clock.Now), TimeSpan.FromSeconds(4.99), TimeSpan.FromSeconds(5));
        Assert.Equal(0, stats.PointsDropped);
    }
}
