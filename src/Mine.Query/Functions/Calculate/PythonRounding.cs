using System.Globalization;
using System.Numerics;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// Python's <c>round(x, ndigits)</c> for floats: the exact binary value is rounded to <c>ndigits</c> decimals with
/// ties to even, then read back as the nearest double. Math.Round(x, n) scales by 10^n first and can land on the
/// other side of a tie (round(0.0078125, 6) is 0.007812 in Python).
/// </summary>
internal static class PythonRounding
{
    /// <param name="value">The float to round.</param>
    /// <param name="digits">Decimals to keep, 0 to 22 (powers of ten up to 1e22 are exact doubles).</param>
    public static double Round(double value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 22);
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var biasedExponent = (int)(bits >> 52);
        var mantissa = bits & ((1L << 52) - 1);
        int exponent;
        if (biasedExponent == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = biasedExponent - 1075;
        }

        if (exponent >= 0)
        {
            // Already a whole number.
            return value;
        }

        // |value| * 10^digits = mantissa * 10^digits / 2^-exponent, rounded half to even.
        var numerator = mantissa * BigInteger.Pow(10, digits);
        var denominator = BigInteger.One << -exponent;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }

        double magnitude;
        if (quotient < (BigInteger.One << 53))
        {
            // Both operands are exact doubles, so IEEE division gives the correctly rounded quotient.
            magnitude = (double)quotient / ExactPowerOfTen(digits);
        }
        else
        {
            magnitude = double.Parse(quotient.ToString(CultureInfo.InvariantCulture) + "E-" + digits.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return value < 0 ? -magnitude : magnitude;
    }

    private static double ExactPowerOfTen(int digits)
    {
        var power = 1.0;
        for (var i = 0; i < digits; i++)
        {
            power *= 10;
        }

        return power;
    }
}
