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
}
