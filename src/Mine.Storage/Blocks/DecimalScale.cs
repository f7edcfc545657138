using System.Runtime.CompilerServices;

namespace Mine.Storage.Blocks;

/// <summary>
/// value = m × 10^e with one exponent per block. Monitoring values are mostly printed decimals ("60.123") whose
/// doubles have noisy low bits that defeat XOR coding, while their decimal mantissas are small and smooth. This is
/// VictoriaMetrics' idea made exact: an exponent is accepted only if decoding every mantissa gives back the same bits.
/// </summary>
internal static class DecimalScale
{
    /// <summary>2^53: beyond this a long mantissa no longer converts to double exactly.</summary>
    private const double MantissaLimit = 9007199254740992.0;

    private static readonly double[] PowersOfTen = CreatePowersOfTen();

    private enum Fit
    {
        Exact,
        Inexact,
        MantissaTooLarge,
    }

    /// <summary>
    /// Finds the largest e ≥ <paramref name="lowestExponent"/> at which every value is exactly m × 10^e with
    /// |m| &lt; 2^53, and fills <paramref name="mantissas"/>. False for -0.0, infinities, more fraction digits than
    /// the lowest exponent allows, or too many significant digits.
    /// </summary>
    public static bool TryComputeMantissas(ReadOnlySpan<double> values, int lowestExponent, Span<long> mantissas, out int exponent)
    {
        // One downward sweep serves the whole block: most values fit the current exponent at the first try. When one
        // needs a lower exponent, the mantissas already found are multiplied by the power of ten in between, which
        // keeps them exact without re-checking: at e-1, 10m names the same real number m × 10^e did, and the decoder's
        // single correctly rounded operation maps the same real number to the same double.
        exponent = int.MinValue;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value) || (value == 0 && double.IsNegative(value)))
            {
                return false;
            }

            if (value == 0)
            {
                mantissas[i] = 0;
                continue;
            }

            if (exponent == int.MinValue)
            {
                // m ≥ 1, so e cannot exceed log10|v|; the +1 absorbs Log10's rounding.
                exponent = Math.Min(ValueBlockFormat.MaxDecimalExponent, (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1);
            }

            var fitted = exponent;
            long mantissa;
            while (true)
            {
                if (fitted < lowestExponent)
                {
                    return false;
                }

                var fit = TryFit(value, fitted, out mantissa);
                if (fit == Fit.Exact)
                {
                    break;
                }

                if (fit == Fit.MantissaTooLarge)
                {
                    return false; // and it would only grow at lower exponents
                }

                fitted--;
            }

            if (fitted < exponent && !TryRescale(mantissas[..i], exponent - fitted))
            {
                return false;
            }

            exponent = fitted;
            mantissas[i] = mantissa;
        }

        if (exponent == int.MinValue)
        {
            exponent = 0; // all zeros
        }

        return true;
    }

    /// <summary>The one formula both directions use; the encoder's check is only valid because the decoder matches it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Scale(long mantissa, int exponent) =>
        exponent >= 0 ? mantissa * PowersOfTen[exponent] : mantissa / PowersOfTen[-exponent];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fit TryFit(double value, int exponent, out long mantissa)
    {
        var scaled = exponent >= 0 ? value / PowersOfTen[exponent] : value * PowersOfTen[-exponent];
        if (!(Math.Abs(scaled) < MantissaLimit - 1))
        {
            mantissa = 0;
            return Fit.MantissaTooLarge;
        }

        mantissa = (long)Math.Round(scaled);
        var decoded = Scale(mantissa, exponent);
        return BitConverter.DoubleToInt64Bits(decoded) == BitConverter.DoubleToInt64Bits(value) ? Fit.Exact : Fit.Inexact;
    }

    /// <summary>Multiplies mantissas by 10^<paramref name="digits"/>; false if one would reach 2^53.</summary>
    private static bool TryRescale(Span<long> mantissas, int digits)
    {
        const long limit = 1L << 53;
        long factor = 1;
        for (var d = 0; d < digits; d++)
        {
            if (factor >= limit)
            {
                break;
            }

            factor *= 10;
        }

        var largestAllowed = (limit - 1) / factor;
        for (var j = 0; j < mantissas.Length; j++)
        {
            if (Math.Abs(mantissas[j]) > largestAllowed)
            {
                return false;
            }

            mantissas[j] *= factor;
        }

        return true;
    }

    private static double[] CreatePowersOfTen()
    {
        var powers = new double[ValueBlockFormat.MaxDecimalExponent + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10; // exact up to 10^22
        }

        return powers;
    }
}
