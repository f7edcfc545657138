namespace Mine.Relay.Forward;

/// <summary>Counters of all the connections of one forward listener, for /_internal/metrics. Written with
/// Interlocked.</summary>
public sealed class ForwardReceiverCounters
{
    /// <summary>Connections accepted (refused ones included).</summary>
    public long Connections;

    /// <summary>Connections open now.</summary>
    public long ActiveConnections;

    /// <summary>Connections that completed the hellos.</summary>
    public long Sessions;

    /// <summary>Connections turned away before any chunk, by <see cref="ForwardRefusal"/>.</summary>
    public readonly long[] Refused = new long[Enum.GetValues<ForwardRefusal>().Length];

    /// <summary>Connections ended by a protocol error of the client (a bad CRC, an unknown frame, …).</summary>
    public long ProtocolErrors;

    /// <summary>Connections ended because nothing arrived for the receive timeout.</summary>
    public long Timeouts;

    /// <summary>Connections ended by an exception none of the above: a bug, logged with its stack.</summary>
    public long UnexpectedErrors;

    public long ChunksReceived;

    /// <summary>Chunk bytes received (the sealed chunks, not the frame headers).</summary>
    public long BytesReceived;

    public long ChunksStored;
    public long PointsStored;

    /// <summary>Chunks whose id was in the dedup window: acknowledged, not stored again.</summary>
    public long ChunksDuplicate;

    /// <summary>Chunks that did not open: refused for good.</summary>
    public long ChunksDamaged;

    /// <summary>Chunks whose store threw: not acknowledged as stored, the client sends them again.</summary>
    public long StoreFailures;

    public long RefusedFor(ForwardRefusal reason) => Interlocked.Read(ref Refused[(int)reason]);
}
