namespace Mine.Protocols.Collectd;

/// <summary>
/// Byte-content equality for dictionaries keyed by UTF-8 bytes, with an alternate <see cref="ReadOnlySpan{T}"/>
/// lookup so a name or identifier read straight from a datagram is found without allocating a key. Shared by
/// <see cref="TypesDb"/>, <see cref="WriteGraphiteNamer"/> and <see cref="RateConverter"/>.
/// </summary>
internal sealed class TypesDbKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly TypesDbKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
