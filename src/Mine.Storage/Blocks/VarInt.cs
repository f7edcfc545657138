using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mine.Storage.Blocks;

/// <summary>
/// LEB128 unsigned varints and zigzag mapping. Zigzag folds small negative numbers onto small unsigned ones
/// (0, -1, 1, -2 → 0, 1, 2, 3) so deltas of either sign stay short.
/// </summary>
internal static class VarInt
{
    /// <summary>Longest encoding of a 64-bit value.</summary>
    public const int MaxLength = 10;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Bytes needed for <paramref name="value"/>: one per started group of 7 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Length(ulong value) => ((64 - BitOperations.LeadingZeroCount(value | 1)) + 6) / 7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, int position, ulong value)
    {
        while (value >= 0x80)
        {
            destination[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[position++] = (byte)value;
        return position;
    }

    /// <summary>Reads a varint at <paramref name="position"/> and advances it; throws on a truncated or overlong one.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        for (var i = 0; i < 10 && position < source.Length; i++)
        {
            var b = source[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }

        throw new InvalidDataException("Truncated or overlong varint.");
    }
}
