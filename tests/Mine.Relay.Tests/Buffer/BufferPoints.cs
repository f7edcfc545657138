using Mine.Core.Series;
using Mine.Relay.Buffer;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Buffer;

/// <summary>Points with a numbered value (so each can be found again) and what the tests read back.</summary>
public static class BufferPoints
{
    public const long Timestamp = 1_750_000_000;

    /// <summary>Points numbered <paramref name="first"/> onwards: value = number, a collectd-like name.</summary>
    public static PointBatch Numbered(long first, int count)
    {
        var batch = new PointBatch(Math.Max(16, count));
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            batch.Add($"collectd.web-{n % 100:D4}.cpu-{n % 4}.cpu-user", Timestamp + (n / 100 * 10), n);
        }

        return batch;
    }

    /// <summary>The numbers (values) of a chunk's points, in order.</summary>
    public static long[] Numbers(QueuedChunk chunk)
    {
        var batch = new PointBatch();
        ChunkPayload.Open(chunk.Payload.Span, batch);
        Assert.Equal(chunk.Points, batch.Count);
        return [.. batch.Values.ToArray().Select(v => (long)v)];
    }

    /// <summary>Takes every chunk ready to send (without waiting for more).</summary>
    public static List<QueuedChunk> TakeReady(ChunkBuffer buffer, int destination = 0)
    {
        var taken = new List<QueuedChunk>();
        var source = buffer.Source(destination);
        while (buffer.Stats(destination) is var stats && stats.ChunksQueued > stats.ChunksInFlight)
        {
            taken.Add(Next(source));
        }

        return taken;
    }

    /// <summary>The next ready chunk, which must be there already.</summary>
    public static QueuedChunk Next(IChunkSource source)
    {
        var next = source.NextAsync(CancellationToken.None).AsTask();
        Assert.True(next.IsCompleted, "a chunk is ready, NextAsync must not wait");
        return next.Result;
    }

    /// <summary>Takes and acknowledges every ready chunk; returns their numbers in the order they came.</summary>
    public static List<long> Drain(ChunkBuffer buffer, int destination = 0)
    {
        var numbers = new List<long>();
        foreach (var chunk in TakeReady(buffer, destination))
        {
            numbers.AddRange(Numbers(chunk));
            buffer.Source(destination).Acknowledge(chunk.Id);
        }

        return numbers;
    }

    /// <summary>Appends, then runs a pass of the sealing loop, as the running loop does at once when an append fills a
    /// chunk (with the clock standing still, it seals only full chunks).</summary>
    public static void Append(ChunkBuffer buffer, long first, int count, int destination = 0)
    {
        AppendOnly(buffer, first, count, destination);
        buffer.SealDue();
    }

    /// <summary>Appends; the sealing loop does not run.</summary>
    public static void AppendOnly(ChunkBuffer buffer, long first, int count, int destination = 0)
    {
        var task = buffer.AppendAsync(destination, Numbered(first, count), CancellationToken.None);
        Assert.True(task.IsCompletedSuccessfully, "an append with room completes at once");
    }

    /// <summary>Seals whatever is staged: the clock moves past the backlog flush interval.</summary>
    public static void SealAll(ChunkBuffer buffer, ManualClock clock)
    {
        clock.Advance(TimeSpan.FromMinutes(10));
        buffer.SealDue();
    }
}
