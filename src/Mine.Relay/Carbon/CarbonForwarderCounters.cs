namespace Mine.Relay.Carbon;

/// <summary>What one carbon destination's forwarder did (fields, updated with Interlocked, read for metrics).</summary>
public sealed class CarbonForwarderCounters
{
    public long Connections;
    public long ConnectionFailures;
    public long Retries;
    public long ChunksSent;
    public long PointsSent;
    public long BytesSent;
    public long ChunksRejected;

    /// <summary>1 while connected, 0 while connecting or backing off.</summary>
    public long Connected;
}
