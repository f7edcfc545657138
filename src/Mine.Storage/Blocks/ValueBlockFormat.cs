namespace Mine.Storage.Blocks;

/// <summary>How the set of non-empty slots is stored (header bits 0-1). See docs/storage-format.md.</summary>
internal enum PresenceEncoding : byte
{
    /// <summary>Every slot is present, or none is (then the present count is 0); nothing is stored.</summary>
    All = 0,

    /// <summary>(gap, repeat) varint pairs over the present indices: cheap for strides and for a few holes.</summary>
    GapRuns = 1,

    /// <summary>One bit per slot, least significant bit first: the fallback for irregular presence.</summary>
    Bitmap = 2,
}

/// <summary>How the present values are stored (header bits 2-3).</summary>
internal enum ValueKind : byte
{
    /// <summary>No present values.</summary>
    None = 0,

    /// <summary>Integer mantissas m with value = m × 10^e: printed decimals ("60.123").</summary>
    Decimal = 1,

    /// <summary>Integer mantissas m with value = m × 2^e: binary fractions (0.2744140625 = 562 × 2^-11), page-sized byte counts.</summary>
    Binary = 2,

    /// <summary>Gorilla XOR of consecutive IEEE-754 bit patterns: exact for any double.</summary>
    GorillaXor = 3,
}

/// <summary>Layout constants of the version-1 value block header byte.</summary>
internal static class ValueBlockFormat
{
    public const int PresenceMask = 0b0000_0011;
    public const int KindShift = 2;
    public const int KindMask = 0b0000_1100;

    /// <summary>Scaled kinds: the mantissa stream holds second differences (delta-of-delta) instead of first.</summary>
    public const int DeltaOfDeltaFlag = 0b0001_0000;

    /// <summary>Scaled kinds: the differences are bit-packed in groups instead of one zigzag varint each.</summary>
    public const int PackedFlag = 0b0010_0000;

    /// <summary>
    /// Bits 6-7 are zero in version 1. A later format sets them, so an old reader refuses a new block instead of
    /// misreading it.
    /// </summary>
    public const int ReservedMask = 0b1100_0000;

    /// <summary>Values per bit-packed group; each group spends 7 bits on its width.</summary>
    public const int PackedGroupSize = 32;

    /// <summary>Largest decimal exponent magnitude: 10^22 is the largest power of ten a double holds exactly.</summary>
    public const int MaxDecimalExponent = 22;

    public static byte Header(PresenceEncoding presence, ValueKind kind, bool deltaOfDelta = false, bool packed = false) =>
        (byte)((int)presence | ((int)kind << KindShift) | (deltaOfDelta ? DeltaOfDeltaFlag : 0) | (packed ? PackedFlag : 0));
}
