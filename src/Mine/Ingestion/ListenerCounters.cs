namespace Mine.Ingestion;

/// <summary>
/// Per-listener counters exported on /_internal/metrics. "Received" counts lines/items seen, "invalid" the ones
/// refused by the parser, "dropped" the valid ones not stored (outside retention, over a source's new-series
/// allowance, queue full for UDP, refused by storage at shutdown).
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

    /// <summary>Points of new series refused because their source exceeded its new-series allowance.</summary>
    public long SeriesLimited;

    /// <summary>Points dropped because the ingest queue stayed full (UDP input while storage lags or refuses writes).</summary>
    public long QueueFullDropped;

    /// <summary>Connections accepted and closed at once because a cap was reached, by <see cref="ConnectionRefusal"/>.</summary>
    public readonly long[] ConnectionsRefused = new long[3];

    /// <summary>Connections closed because they sent nothing for the idle timeout.</summary>
    public long IdleClosed;

    /// <summary>Connections closed because their frame did not fit in the connection buffer budget.</summary>
    public long BufferBudgetClosed;

    /// <summary>accept() calls that failed (EMFILE, ENFILE, ENOBUFS…) and were retried.</summary>
    public long AcceptErrors;

    /// <summary>Points accepted under a repaired name (empty path components removed).</summary>
    public long NamesRepaired;

    /// <summary>Invalid lines or items by <see cref="Mine.Protocols.Graphite.RejectReason"/> (plaintext and pickle).</summary>
    public readonly long[] InvalidByReason = new long[Mine.Protocols.Graphite.RejectCounts.Length];

    /// <summary>Adds what a plaintext parse call counted (the difference between two snapshots of its counters).</summary>
    public void AddPlaintext(in Mine.Protocols.Graphite.PlaintextCounters before, in Mine.Protocols.Graphite.PlaintextCounters after)
    {
        Interlocked.Add(ref Received, after.Lines - before.Lines);
        Interlocked.Add(ref Invalid, after.Invalid - before.Invalid);
        Interlocked.Add(ref Dropped, after.NanDropped - before.NanDropped);
        Interlocked.Add(ref NamesRepaired, after.NamesRepaired - before.NamesRepaired);
        AddReasons(before.InvalidByReason, after.InvalidByReason);
    }

    /// <summary>Adds what a pickle parse call counted (the difference between two snapshots of its counters).</summary>
    public void AddPickle(in Mine.Protocols.Pickle.PickleCounters before, in Mine.Protocols.Pickle.PickleCounters after)
    {
        Interlocked.Add(ref Received, after.Items - before.Items);
        Interlocked.Add(ref Invalid, after.Invalid - before.Invalid + after.FramesRejected - before.FramesRejected);
        Interlocked.Add(ref Dropped, after.NanDropped - before.NanDropped);
        Interlocked.Add(ref NamesRepaired, after.NamesRepaired - before.NamesRepaired);
        AddReasons(before.InvalidByReason, after.InvalidByReason);
    }

    private void AddReasons(in Mine.Protocols.Graphite.RejectCounts before, in Mine.Protocols.Graphite.RejectCounts after)
    {
        for (var i = 0; i < Mine.Protocols.Graphite.RejectCounts.Length; i++)
        {
            var added = after[i] - before[i];
            if (added != 0)
            {
                Interlocked.Add(ref InvalidByReason[i], added);
            }
        }
    }
}

/// <summary>Why a TCP connection was closed as soon as it was accepted (index into <see cref="ListenerCounters.ConnectionsRefused"/>).</summary>
public enum ConnectionRefusal
{
    /// <summary>The listener holds its maximum of connections (Mine:MaxConnectionsPerListener).</summary>
    ListenerFull,

    /// <summary>All TCP listeners together hold Mine:MaxConnections.</summary>
    TotalFull,

    /// <summary>The remote address holds Mine:MaxConnectionsPerSource connections already.</summary>
    SourceFull,
}
