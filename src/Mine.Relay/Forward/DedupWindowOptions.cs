namespace Mine.Relay.Forward;

/// <summary>How long and how many chunk ids a <see cref="DedupWindow"/> keeps (docs/relay.md, "Dedup window").</summary>
public sealed record DedupWindowOptions
{
    /// <summary>An id is kept until its chunk is this old (by the creation time in the id).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Ids kept at most; beyond, the oldest recorded go first (about 44 bytes of memory each).</summary>
    public int MaxIds { get; init; } = 2_000_000;

    /// <summary>The clock ids are aged by (tests replace it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static DedupWindowOptions Default { get; } = new();
}
