using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// One destination's queue of sealed chunks, as the forward client sees it (the disk buffer implements it). A chunk
/// handed out by <see cref="NextAsync"/> stays in the buffer, in flight, until it is acknowledged (then deleted) or
/// released (then it goes back to the head of the queue and is handed out again, first).
/// </summary>
public interface IChunkSource
{
    /// <summary>The oldest chunk not in flight; waits until there is one.</summary>
    ValueTask<QueuedChunk> NextAsync(CancellationToken cancellationToken);

    /// <summary>The destination has stored the chunk: it leaves the buffer for good.</summary>
    void Acknowledge(ChunkId id);

    /// <summary>Sending failed or its outcome is unknown (connection lost before the acknowledgement): the chunk goes
    /// back to the head of the queue.</summary>
    void Release(ChunkId id);

    /// <summary>The destination refused the chunk for good (it does not open: damaged in the buffer, or larger than
    /// the destination accepts). Resending it can never succeed, so the chunk leaves the queue without being
    /// deleted: the buffer moves it aside (where an operator can look at it) and counts it. <paramref name="reason"/>
    /// says why, for the buffer's log line.
    /// <para>A source that cannot set chunks aside keeps this default, which throws: the forward client then ends
    /// the connection with the chunk still in flight, so it goes back to the head and is retried with backoff, loudly
    /// and without loss, but blocking the chunks behind it until the source implements this.</para></summary>
    void Reject(ChunkId id, string reason) =>
        throw new NotSupportedException($"chunk {id} was refused for good ({reason}), but this chunk source cannot set chunks aside (it does not implement IChunkSource.Reject); the chunk stays at the head of the queue");
}
