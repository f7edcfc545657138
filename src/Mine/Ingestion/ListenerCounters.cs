namespace Mine.Ingestion;

/// <summary>
/// Per-listener counters exported on /_internal/metrics. "Received" counts lines/items seen, "invalid" the ones
/// refused by the parser, "dropped" the valid ones storage did not keep (outside retention).
/// </summary>
public sealed class ListenerCounters(string protocol, string transport)
{
    public string Protocol { get; } = protocol;

    public string Transport { get; } = transport;

    /// <summary>Whether the listener's Graphite paths name hosts by the fleet's host-node rule (not for collectd,
    /// whose value lists carry the host, nor for Mine's own metrics).</summary>
    public bool GraphiteHosts { get; init; } = true;

    public long Received;
    public long Invalid;
    public long Dropped;
    public long Accepted;
    public long Connections;
    public long ActiveConnections;
    public long OversizedFrames;

    /// <summary>Adds what a plaintext parse call counted (the difference between two snapshots of its counters).</summary>
    public void AddPlaintext(in Mine.Protocols.Graphite.PlaintextCounters before, in Mine.Protocols.Graphite.PlaintextCounters after)
    {
        Interlocked.Add(ref Received, after.Lines - before.Lines);
        Interlocked.Add(ref Invalid, after.Invalid - before.Invalid);
        Interlocked.Add(ref Dropped, after.NanDropped - before.NanDropped);
    }
}
