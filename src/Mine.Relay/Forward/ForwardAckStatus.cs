namespace Mine.Relay.Forward;

/// <summary>What a receiver says about one chunk (docs/relay.md, "Acknowledgements").</summary>
public enum ForwardAckStatus : byte
{
    /// <summary>Stored, and its id recorded in the dedup window.</summary>
    Stored = 1,

    /// <summary>Its id was in the dedup window: stored before, not stored again.</summary>
    Duplicate = 2,

    /// <summary>It does not open (checksum, zstd frame, records): refused for good, resending cannot help.</summary>
    Damaged = 3,

    /// <summary>The store threw: not stored, send it again later.</summary>
    Failed = 4,
}
