namespace Mine.Relay.Forward;

/// <summary>A forward client's counters, for /_internal/metrics. Written with Interlocked, read with
/// Interlocked.Read or Volatile.</summary>
public sealed class ForwardClientCounters
{
    /// <summary>Calls of the connection factory.</summary>
    public long ConnectAttempts;

    /// <summary>Connections that got as far as the destination's hello.</summary>
    public long Connections;

    /// <summary>Connections that failed or ended, at any stage (a refused connect, a reset, a timeout, …).</summary>
    public long ConnectionFailures;

    /// <summary>Of those, the ones ended by a timeout (connect, hello, receive, acknowledgement).</summary>
    public long Timeouts;

    /// <summary>Of those, the ones ended by a protocol error (ours or the destination's ERROR frame).</summary>
    public long ProtocolErrors;

    /// <summary>Waits before a reconnection.</summary>
    public long Retries;

    public long ChunksSent;
    public long PointsSent;

    /// <summary>Chunk bytes sent (the sealed chunks, not the frame headers).</summary>
    public long BytesSent;

    /// <summary>Chunks the destination stored or already had (both leave the buffer).</summary>
    public long ChunksAcknowledged;
    public long PointsAcknowledged;
    public long BytesAcknowledged;

    /// <summary>Of the acknowledged, the ones the destination already had (resent after a lost acknowledgement).</summary>
    public long ChunksDuplicate;

    /// <summary>Chunks refused for good (damaged, or too large for the destination) and moved aside by the buffer.</summary>
    public long ChunksRejected;

    /// <summary>Chunks given back to the buffer unacknowledged when a connection ended (they are sent again).</summary>
    public long ChunksReleased;

    /// <summary>Acknowledgements for chunks not in flight (late ones, after the client gave up on them): ignored.</summary>
    public long UnexpectedAcks;
}
