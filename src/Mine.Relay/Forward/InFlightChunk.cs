using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>A chunk a client session took from its source and has not had acknowledged: its send order (to give
/// chunks back oldest first at the head) and when its frame was fully written (for the acknowledgement timeout).</summary>
internal sealed class InFlightChunk(QueuedChunk chunk, long sequence)
{
    private long _sentAtMs;

    public QueuedChunk Chunk { get; } = chunk;

    public long Sequence { get; } = sequence;

    /// <summary>0 while its frame is being written.</summary>
    public long SentAtMs => Volatile.Read(ref _sentAtMs);

    public void MarkSent() => Volatile.Write(ref _sentAtMs, Environment.TickCount64);
}
