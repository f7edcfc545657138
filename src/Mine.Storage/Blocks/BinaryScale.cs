using System.Numerics;

namespace Mine.Storage.Blocks;

/// <summary>
/// value = m × 2^e with one exponent per block. Every finite double is some odd integer times a power of two, so a
/// block whose values share a coarse binary unit (load averages in 1/2048 steps, byte counts in 4 KiB pages) becomes
/// small integers exactly, with no search and no check: integer × power of two is exact whenever the result is
/// representable, and here the result is the original value.
/// </summary>
internal static class BinaryScale
{
    private const int SignificandBits = 52;
    private const long FractionMask = (1L << SignificandBits) - 1;

    /// <summary>
    /// The largest e at which every value is an integer multiple of 2^e with |m| &lt; 2^53. False for -0.0,
    /// infinities, or values spanning more than 53 bits between the largest and the finest bit set.
    /// </summary>
    public static bool TryFindExponent(ReadOnlySpan<double> values, out int exponent)
    {
        var finest = int.MaxValue;   // lowest set bit over all values, as a power of two
        var highest = int.MinValue;  // one past the highest set bit
        foreach (var value in values)
        {
            if (!double.IsFinite(value) || (value == 0 && double.IsNegative(value)))
            {
                exponent = 0;
                return false;
            }

            if (value == 0)
            {
                continue;
            }

            var (significand, power) = Split(value);
            finest = Math.Min(finest, power + BitOperations.TrailingZeroCount((ulong)significand));
            highest = Math.Max(highest, power + 64 - BitOperations.LeadingZeroCount((ulong)significand));
        }

        exponent = finest == int.MaxValue ? 0 : finest;
        return finest == int.MaxValue || highest - finest <= 53;
    }

    /// <summary>Mantissas at an exponent returned by <see cref="TryFindExponent"/>: exact integer shifts.</summary>
    public static void ComputeMantissas(ReadOnlySpan<double> values, int exponent, Span<long> mantissas)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value == 0)
            {
                mantissas[i] = 0;
                continue;
            }

            var (significand, power) = Split(value);
            var shift = power - exponent; // ≥ -trailing zeros, so a right shift drops only zeros
            var magnitude = shift >= 0 ? significand << shift : significand >> -shift;
            mantissas[i] = value < 0 ? -magnitude : magnitude;
        }
    }

    /// <summary>2^exponent as a double; exponents from TryFindExponent are always within [-1074, 1023].</summary>
    public static double Unit(int exponent) => Math.ScaleB(1.0, exponent);

    /// <summary>|value| = significand × 2^power, for finite non-zero values (subnormals included).</summary>
    private static (long Significand, int Power) Split(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> SignificandBits) & 0x7FF);
        var fraction = bits & FractionMask;
        return biased == 0
            ? (fraction, -1074)
            : (fraction | (1L << SignificandBits), biased - 1075);
    }
}
