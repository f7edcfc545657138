namespace Mine.Ingestion;

/// <summary>
/// Per-listener counters exported on /_internal/metrics. "Received" counts lines/items seen, "invalid" the ones
/// refused by the parser, "dropped" the valid ones storage did not keep (outside retention).
/// </summary>
public sealed class ListenerCounters(string protocol, string transport)
{
    public string Protocol { get; } = protocol;

    public string Transport { get; } = transport;

    public long Received;
    public long Invalid;
    public long Dropped;
    public long Accepted;
    public long Connections;
    public long ActiveConnections;
    public long OversizedFrames;
}
