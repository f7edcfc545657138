using System.Numerics;

namespace Mine.Storage.Blocks;

/// <summary>
/// Facebook Gorilla's value compression (as in Prometheus tsdb/chunkenc/xor.go): each value is XORed with the
/// previous one and only the changed bit window is stored. It is exact for every bit pattern, so it is the fallback
/// for blocks that are not decimals (binary fractions, -0.0, infinities, subnormals, 17-digit doubles).
/// <para>
/// Bits (least significant first): the first value raw in 64 bits; then per value '0' if equal to the previous, or
/// '1','0' + the meaningful bits inside the previous window, or '1','1' + 5 bits leading zeros + 6 bits window
/// length (64 stored as 0) + the window.
/// </para>
/// </summary>
internal static class GorillaXorCodec
{
    private const int MaxLeadingZeros = 31; // what 5 bits can say

    /// <summary>
    /// A cheap lower bound of <see cref="Write"/>'s size: 64 bits, then 1 bit per repeat and at least 2 control bits
    /// plus the changed bit window per change (the real encoder may store a wider window or an 11-bit new window).
    /// Lets the encoder skip Gorilla when it cannot beat the scaled plan, which on decimal data is nearly always.
    /// </summary>
    public static int MinSize(ReadOnlySpan<double> values)
    {
        long bits = 64;
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        for (var i = 1; i < values.Length; i++)
        {
            var current = BitConverter.DoubleToUInt64Bits(values[i]);
            var xor = current ^ previous;
            previous = current;
            bits += xor == 0 ? 1 : 66 - BitOperations.LeadingZeroCount(xor) - BitOperations.TrailingZeroCount(xor);
        }

        return (int)((bits + 7) >> 3);
    }

    /// <summary>Largest possible payload, plus the writer's padding.</summary>
    public static int MaxSize(int count) => (int)(((64L + (77L * Math.Max(0, count - 1))) + 7) / 8) + BitWriter.Padding;

    public static int Write(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.Write(previous, 64);

        // 0xFF marks "no window yet", so the first change always writes a fresh window.
        var windowLeading = 0xFF;
        var windowTrailing = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            var xor = bits ^ previous;
            previous = bits;
            if (xor == 0)
            {
                writer.Write(0, 1);
                continue;
            }

            var leading = Math.Min(BitOperations.LeadingZeroCount(xor), MaxLeadingZeros);
            var trailing = BitOperations.TrailingZeroCount(xor);
            if (windowLeading != 0xFF && leading >= windowLeading && trailing >= windowTrailing)
            {
                writer.Write(0b01, 2); // '1' then '0', least significant bit first
                writer.Write(xor >> windowTrailing, 64 - windowLeading - windowTrailing);
                continue;
            }

            windowLeading = leading;
            windowTrailing = trailing;
            var significant = 64 - leading - trailing;
            writer.Write(0b11, 2);
            writer.Write((ulong)leading, 5);
            writer.Write((ulong)(significant & 63), 6);
            writer.Write(xor >> trailing, significant);
        }

        return writer.Complete();
    }

    /// <summary>Decodes <paramref name="values"/>.Length values from the rest of <paramref name="reader"/>.</summary>
    public static void Read(ref BlockReader reader, Span<double> values)
    {
        var bitsReader = new BitReader(reader.Rest);
        var previous = bitsReader.Read(64);
        values[0] = BitConverter.UInt64BitsToDouble(previous);
        var windowLeading = -1;
        var windowTrailing = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (bitsReader.ReadBit())
            {
                if (bitsReader.ReadBit())
                {
                    windowLeading = (int)bitsReader.Read(5);
                    var significant = (int)bitsReader.Read(6);
                    if (significant == 0)
                    {
                        significant = 64;
                    }

                    windowTrailing = 64 - windowLeading - significant;
                    if (windowTrailing < 0)
                    {
                        CorruptBlock.Throw("XOR window wider than 64 bits");
                    }
                }
                else if (windowLeading < 0)
                {
                    CorruptBlock.Throw("XOR window reused before one was set");
                }

                previous ^= bitsReader.Read(64 - windowLeading - windowTrailing) << windowTrailing;
            }

            values[i] = BitConverter.UInt64BitsToDouble(previous);
        }

        reader.Skip(bitsReader.BytesConsumed);
    }
}
