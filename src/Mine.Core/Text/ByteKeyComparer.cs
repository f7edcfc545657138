namespace Mine.Core.Text;

// In Mine.Core, not Mine.Compat: byte-keyed lookup is plain .NET plumbing that any layer needs, not Python emulation.

/// <summary>
/// Byte-content equality for dictionaries keyed by UTF-8 bytes, with an alternate <see cref="ReadOnlySpan{T}"/>
/// lookup so a name or identifier read straight from a batch or a datagram is found without allocating a key.
/// </summary>
public sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    private ByteKeyComparer()
    {
    }

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
