using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Mine.Relay.Chunks;

/// <summary>
/// The identity of one chunk of points, end to end: the relay names its buffer file after it, sends it with the
/// chunk, and the receiver remembers it so that a chunk resent after a lost acknowledgement is stored once.
/// 16 bytes as Fluentd's chunk ids: the creation time in microseconds since the Unix epoch (big-endian, so ids sort
/// by age) and 8 random bytes (so two relays, or one relay restarted within a microsecond, never collide).
/// Shown as 32 lower-case hex characters.
/// </summary>
public readonly record struct ChunkId(ulong High, ulong Low) : IComparable<ChunkId>
{
    public const int Size = 16;

    /// <summary>A new id for a chunk created at <paramref name="now"/>.</summary>
    public static ChunkId New(DateTimeOffset now)
    {
        var micros = (ulong)Math.Max(0, (now - DateTimeOffset.UnixEpoch).Ticks / 10);
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return new ChunkId(micros, BinaryPrimitives.ReadUInt64BigEndian(random));
    }

    /// <summary>When the chunk was created (from the id's time half).</summary>
    public DateTimeOffset CreatedAt => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(High, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / 10) * 10);

    public static ChunkId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public static bool TryParse(ReadOnlySpan<char> hex, out ChunkId id)
    {
        id = default;
        if (hex.Length != 2 * Size
            || !ulong.TryParse(hex[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(hex[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        id = new ChunkId(high, low);
        return true;
    }

    public int CompareTo(ChunkId other)
    {
        var byHigh = High.CompareTo(other.High);
        return byHigh != 0 ? byHigh : Low.CompareTo(other.Low);
    }

    public static bool operator <(ChunkId left, ChunkId right) => left.CompareTo(right) < 0;

    public static bool operator >(ChunkId left, ChunkId right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChunkId left, ChunkId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChunkId left, ChunkId right) => left.CompareTo(right) >= 0;

    public override string ToString() => High.ToString("x16", CultureInfo.InvariantCulture) + Low.ToString("x16", CultureInfo.InvariantCulture);
}
