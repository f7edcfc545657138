namespace Mine.Protocols.Graphite;

/// <summary>
/// Per-connection (or per UDP socket) tallies and state for <see cref="PlaintextParser"/>. Every line lands in
/// exactly one bucket, so <c>Lines == Accepted + Invalid + NanDropped + Blank</c> always holds.
/// </summary>
public struct PlaintextCounters
{
    /// <summary>Lines seen, including blank, invalid and oversized ones.</summary>
    public long Lines;

    /// <summary>Lines that became a point in the batch.</summary>
    public long Accepted;

    /// <summary>Lines rejected for any <see cref="RejectReason"/>, oversized ones included.</summary>
    public long Invalid;

    /// <summary>Well-formed lines whose value was NaN; carbon drops these silently and so do we.</summary>
    public long NanDropped;

    /// <summary>Lines longer than <see cref="PlaintextParser.MaxLineLength"/> (also counted in <see cref="Invalid"/>).</summary>
    public long Oversized;

    /// <summary>Empty or whitespace-only lines, ignored without complaint.</summary>
    public long Blank;

    /// <summary>Accepted lines whose path had empty components removed (<c>a..b</c> stored as <c>a.b</c>).</summary>
    public long NamesRepaired;

    /// <summary>Invalid lines by <see cref="RejectReason"/>.</summary>
    public RejectCounts InvalidByReason;

    public RejectReason LastRejectReason;

    /// <summary>Optional: set it to capture a copy of the last rejected line for rate-limited logging.</summary>
    public RejectedInputSample? Sample;

    /// <summary>
    /// True while the rest of an oversized line is being thrown away: the next <see cref="PlaintextParser.ParseLines"/>
    /// call discards bytes up to and including the next '\n' before parsing again.
    /// </summary>
    public bool DiscardingOversizedLine { readonly get; internal set; }
}
