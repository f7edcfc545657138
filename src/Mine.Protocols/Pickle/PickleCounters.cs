using Mine.Protocols.Graphite;

namespace Mine.Protocols.Pickle;

/// <summary>
/// Per-connection tallies for <see cref="PickleParser"/>. Every item of an unpickled frame lands in exactly one
/// bucket: <c>Items == Accepted + Invalid + NanDropped</c>. Items of rejected frames are not counted as items.
/// </summary>
public struct PickleCounters
{
    /// <summary>Payloads handed to the parser.</summary>
    public long Frames;

    /// <summary>Payloads that did not unpickle to a list (forbidden opcode, truncation, limits…); nothing from them was added.</summary>
    public long FramesRejected;

    /// <summary>Items in frames that unpickled.</summary>
    public long Items;

    public long Accepted;

    /// <summary>Items that were not <c>(path, (timestamp, value))</c> or broke a point rule.</summary>
    public long Invalid;

    /// <summary>Items whose value was NaN; carbon drops these silently and so do we.</summary>
    public long NanDropped;

    /// <summary>Accepted items whose path had empty components removed (<c>a..b</c> stored as <c>a.b</c>).</summary>
    public long NamesRepaired;

    /// <summary>Invalid items by <see cref="RejectReason"/>.</summary>
    public RejectCounts InvalidByReason;

    public RejectReason LastRejectReason;

    /// <summary>Why the last rejected frame was rejected, naming the opcode when one was refused.</summary>
    public string? LastFrameError;

    /// <summary>Optional: set it to capture the path of the last rejected item for rate-limited logging.</summary>
    public RejectedInputSample? Sample;
}
