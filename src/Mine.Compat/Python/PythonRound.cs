using System.Globalization;
using System.Numerics;

namespace Mine.Compat.Python;

/// <summary>
/// CPython's <c>round(x, ndigits)</c> on a float: the exact binary value is rounded half-to-even at
/// <c>ndigits</c> decimal places (negative counts round to tens, hundreds...), then read back as the nearest
/// double. Scaling by a power of ten in floating point (as <see cref="Math.Round(double, int)"/> does) can land on
/// the wrong side of a tie, so the rounding is done on the exact value with big integers.
/// </summary>
public static class PythonRound
{
    /// <summary>CPython's NDIGITS_MAX: beyond it every double is already exact.</summary>
    private const int MaxDigits = 323;

    /// <summary>CPython's NDIGITS_MIN: beyond it everything rounds to zero.</summary>
    private const int MinDigits = -308;

    /// <summary><c>round(value, digits)</c>; NaN, infinities and zeros come back unchanged.</summary>
    /// <exception cref="OverflowException">The rounded value does not fit a double ("rounded value too large to represent").</exception>
    public static double Round(double value, long digits)
    {
        if (digits > MaxDigits)
        {
            return value;
        }

        if (digits < MinDigits)
        {
            return 0.0 * value;
        }

        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }

        var n = (int)digits;
        var negative = value < 0;
        var (mantissa, exponent) = Decompose(Math.Abs(value));

        // |value| = mantissa * 2^exponent; the quantity to round is |value| * 10^n = numerator / denominator.
        var numerator = new BigInteger(mantissa);
        var denominator = BigInteger.One;
        if (exponent >= 0)
        {
            numerator <<= exponent;
        }
        else
        {
            denominator <<= -exponent;
        }

        if (n >= 0)
        {
            numerator *= BigInteger.Pow(10, n);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -n);
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder << 1;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }

        // The decimal text quotient·10^-n is read back with correct rounding, as CPython's strtod does.
        var text = quotient.ToString(CultureInfo.InvariantCulture) + "E" + (-n).ToString(CultureInfo.InvariantCulture);
        var result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(result))
        {
            throw new OverflowException("rounded value too large to represent");
        }

        return negative ? -result : result;
    }

    private static (long Mantissa, int Exponent) Decompose(double positive)
    {
        var bits = BitConverter.DoubleToInt64Bits(positive);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        return biased == 0
            ? (fraction, -1074)
            : (fraction | (1L << 52), biased - 1075);
    }
}
