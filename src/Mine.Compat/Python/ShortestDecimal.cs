using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mine.Compat.Python;

/// <summary>
/// CPython's repr digits (David Gay's dtoa, mode 0: the shortest decimal that reads back as the same double, and
/// of those the closest to it, ties to an even last digit) for every normal double, with Raffaello Giulietti's
/// Schubfach algorithm ("The Schubfach way to render doubles", 2020; the algorithm behind Java 19's
/// Double.toString): three 64×128-bit products against a table of 126-bit powers of ten, no loops over digits and
/// no big integers. Java's layout insists on two significant digits, which only changes subnormals; those (and
/// zero, infinities and NaN) are left to <see cref="PythonFloat.FormatReprSlow"/>.
/// </summary>
internal static partial class ShortestDecimal
{
    private const int KMin = -324;
    private const int KMax = 292;
    private const long Mask63 = long.MaxValue;
    private const long CMin = 1L << 52;

    /// <summary>10^0 to 10^19.</summary>
    private static ReadOnlySpan<ulong> PowersOfTen => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000];

    /// <summary>Two ASCII digits per entry, "00" to "99".</summary>
    private static ReadOnlySpan<byte> DigitPairs => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes repr(value) for a normal (non-zero, finite, not subnormal) double; returns 0 otherwise.</summary>
    public static int TryFormat(double value, Span<byte> destination)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biasedExponent = (int)(bits >> 52) & 0x7FF;
        if (biasedExponent is 0 or 0x7FF)
        {
            return 0;
        }

        var position = 0;
        if (bits < 0)
        {
            destination[position++] = (byte)'-';
        }

        var (significand, exponent10) = Shortest(biasedExponent, bits & (CMin - 1));
        return position + Layout((ulong)significand, exponent10, destination[position..]);
    }

    /// <summary>
    /// The shortest decimal significand · 10^exponent10 of a normal double's magnitude (significand may carry
    /// trailing zeros; <see cref="Layout"/> drops them).
    /// </summary>
    private static (long Significand, int Exponent10) Shortest(int biasedExponent, long fraction)
    {
        var c = CMin | fraction;
        var q = biasedExponent - 1075; // value = c · 2^q
        var minusQ = -q;
        if (minusQ is > 0 and < 53)
        {
            // An integer below 2^53: its ulp is at most 1, so no other decimal is as short and reads back.
            var integer = c >> minusQ;
            if (integer << minusQ == c)
            {
                return (integer, 0);
            }
        }

        var odd = (int)c & 1;
        var cb = c << 2;
        var cbr = cb + 2;
        long cbl;
        int k;
        if (c != CMin || biasedExponent == 1)
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }
        else
        {
            // At a power of two the gap below is half the gap above.
            cbl = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }

        var h = q + FloorLog2Pow10(-k) + 2;
        var index = (k - KMin) * 2;
        var g1 = G[index];
        var g0 = G[index + 1];
        var vb = RoundToOdd(g1, g0, cb << h);
        var vbl = RoundToOdd(g1, g0, cbl << h);
        var vbr = RoundToOdd(g1, g0, cbr << h);

        var s = vb >> 2;
        if (s >= 100)
        {
            // One digit fewer: s' = floor(s / 10), candidates 10·s' and 10·s' + 10.
            var sp10 = 10 * (long)Math.BigMul((ulong)s, 115_292_150_460_684_698UL << 4, out _);
            var tp10 = sp10 + 10;
            var upin = vbl + odd <= sp10 << 2;
            var wpin = (tp10 << 2) + odd <= vbr;
            if (upin != wpin)
            {
                return (upin ? sp10 : tp10, k);
            }
        }

        var t = s + 1;
        var uin = vbl + odd <= s << 2;
        var win = (t << 2) + odd <= vbr;
        if (uin != win)
        {
            return (uin ? s : t, k);
        }

        // Both read back: the closer one, the even one on a tie.
        var cmp = vb - ((s + t) << 1);
        return (cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t, k);
    }

    /// <summary>floor(g · cp / 2^127) with the lowest bit set when the division was inexact (round to odd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long RoundToOdd(long g1, long g0, long cp)
    {
        var x1 = (long)Math.BigMul((ulong)g0, (ulong)cp, out _);
        var y1 = (long)Math.BigMul((ulong)g1, (ulong)cp, out var y0);
        var z = (long)(y0 >> 1) + x1;
        var vbp = y1 + (long)((ulong)z >> 63);
        return vbp | (long)((ulong)((z & Mask63) + Mask63) >> 63);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10Pow2(int e) => (int)((e * 661_971_961_083L) >> 41);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10ThreeQuartersPow2(int e) => (int)(((e * 661_971_961_083L) - 274_743_187_321L) >> 41);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog2Pow10(int e) => (int)((e * 913_124_641_741L) >> 38);

    /// <summary>
    /// significand · 10^exponent10 (significand below 10^17, trailing zeros allowed) as CPython's
    /// <c>format_float_short</c> lays out repr: fixed notation when the decimal point position decpt
    /// (value = 0.DIGITS · 10^decpt) is in (-4, 16], with ".0" after integers, otherwise d.ddd e±XX with at least
    /// two exponent digits. The digits are written once, straight into place, and shifted by a byte where a point
    /// goes in between.
    /// </summary>
    internal static int Layout(ulong significand, int exponent10, Span<byte> destination)
    {
        while (significand % 10 == 0)
        {
            significand /= 10;
            exponent10++;
        }

        var count = DigitCount(significand);
        var decimalPoint = count + exponent10;
        if (decimalPoint is > 0 and <= 16)
        {
            if (decimalPoint < count)
            {
                // ddd.ddd: digits one byte to the right, the integer part moved back over the gap.
                WriteDigits(significand, destination.Slice(1, count));
                for (var i = 0; i < decimalPoint; i++)
                {
                    destination[i] = destination[i + 1];
                }

                destination[decimalPoint] = (byte)'.';
                return count + 1;
            }

            // An integer: digits, zeros up to the point, ".0".
            WriteDigits(significand, destination[..count]);
            for (var i = count; i < decimalPoint; i++)
            {
                destination[i] = (byte)'0';
            }

            destination[decimalPoint] = (byte)'.';
            destination[decimalPoint + 1] = (byte)'0';
            return decimalPoint + 2;
        }

        if (decimalPoint is <= 0 and > -4)
        {
            // 0.000ddd
            var zeros = -decimalPoint;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            for (var i = 2; i < 2 + zeros; i++)
            {
                destination[i] = (byte)'0';
            }

            WriteDigits(significand, destination.Slice(2 + zeros, count));
            return 2 + zeros + count;
        }

        // d.ddde±XX
        int written;
        if (count > 1)
        {
            WriteDigits(significand, destination.Slice(1, count));
            destination[0] = destination[1];
            destination[1] = (byte)'.';
            written = count + 1;
        }
        else
        {
            destination[0] = (byte)('0' + significand);
            written = 1;
        }

        return written + WriteExponent(decimalPoint - 1, destination[written..]);
    }

    /// <summary>repr's exponent suffix: <c>e</c>, the sign, then at least two digits (<c>e-05</c>, <c>e+16</c>, <c>e+308</c>).</summary>
    internal static int WriteExponent(int exp10, Span<byte> destination)
    {
        var written = 0;
        destination[written++] = (byte)'e';
        destination[written++] = exp10 < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(exp10);
        if (magnitude >= 100)
        {
            destination[written++] = (byte)('0' + (magnitude / 100));
        }

        destination[written++] = (byte)('0' + (magnitude / 10 % 10));
        destination[written++] = (byte)('0' + (magnitude % 10));
        return written;
    }

    /// <summary>A positive integer in decimal; returns the number of bytes written (at most 20).</summary>
    internal static int WriteInteger(ulong value, Span<byte> destination)
    {
        var count = DigitCount(value);
        WriteDigits(value, destination[..count]);
        return count;
    }

    /// <summary>The number of decimal digits of a positive number below 10^19.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitCount(ulong value)
    {
        // floor(log10(value)) + 1 from the bit length (1233/4096 ≈ log10 2), corrected by one comparison.
        var estimate = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return value >= PowersOfTen[estimate] ? estimate + 1 : estimate;
    }

    /// <summary>Writes the digits of <paramref name="value"/> to fill <paramref name="destination"/> exactly (its length is the digit count).</summary>
    /// <remarks>
    /// Two digits per store from the pair table, right to left, without bounds checks: this runs for every
    /// value and timestamp of a render, and the length is the digit count <see cref="DigitCount"/> gave.
    /// </remarks>
    private static void WriteDigits(ulong value, Span<byte> destination)
    {
        ref var first = ref MemoryMarshal.GetReference(destination);
        var at = destination.Length;
        while (value >= 100_000_000)
        {
            var high = value / 100_000_000;
            var low = (uint)(value - (high * 100_000_000));
            var upper = low / 10_000;
            var lower = low - (upper * 10_000);
            at -= 8;
            WritePair(ref Unsafe.Add(ref first, at + 6), lower % 100);
            WritePair(ref Unsafe.Add(ref first, at + 4), lower / 100);
            WritePair(ref Unsafe.Add(ref first, at + 2), upper % 100);
            WritePair(ref Unsafe.Add(ref first, at), upper / 100);
            value = high;
        }

        var small = (uint)value;
        while (small >= 100)
        {
            var high = small / 100;
            at -= 2;
            WritePair(ref Unsafe.Add(ref first, at), small - (high * 100));
            small = high;
        }

        if (small >= 10)
        {
            WritePair(ref first, small);
        }
        else
        {
            first = (byte)('0' + small);
        }
    }

    /// <summary>A number below 10^6 as exactly six digits, leading zeros included.</summary>
    internal static void WriteSixDigits(uint value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, 6);
        ref var first = ref MemoryMarshal.GetReference(destination);
        var high = value / 10_000;
        var low = value - (high * 10_000);
        WritePair(ref first, high);
        WritePair(ref Unsafe.Add(ref first, 2), low / 100);
        WritePair(ref Unsafe.Add(ref first, 4), low % 100);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(ref byte destination, uint twoDigits)
        => Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairs), (nint)(twoDigits * 2))));
}
