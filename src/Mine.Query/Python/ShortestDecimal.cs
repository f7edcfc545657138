namespace Mine.Query.Python;

/// <summary>
/// CPython's repr digits for doubles in [1e-4, 1e15) in exact integer arithmetic, without the general
/// shortest-digits machinery: the correctly rounded 15-, then 16-, then 17-significant-digit decimal, the first
/// that reads back as the same double. If the shortest round-tripping decimal has at most 15 digits, rounding to
/// 15 digits finds it (its distance to the value, at most half an ulp ≈ 1.1e-16 relative, is below half a
/// 15-digit step, ≥ 5e-16 relative); otherwise the correctly rounded 16- or 17-digit one is the closest of its
/// length, which is what repr picks.
/// </summary>
internal static class ShortestDecimal
{
    private static readonly UInt128[] PowersOfTen = BuildPowers();

    /// <summary>Writes repr(value) for 1e-4 &lt;= |value| &lt; 1e15; returns 0 outside that range.</summary>
    public static int TryFormat(double value, Span<byte> destination)
    {
        var magnitude = Math.Abs(value);
        if (magnitude is < 1e-4 or >= 1e15 || double.IsNaN(value))
        {
            return 0;
        }

        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var biasedExponent = (int)(bits >> 52);
        var fraction = (ulong)(bits & 0xF_FFFF_FFFF_FFFF);
        var significand = fraction | (1UL << 52);
        var shift = 1075 - biasedExponent; // value = significand * 2^-shift, shift >= 0 in this range
        var exponent10 = DecimalExponent(significand, shift, (int)Math.Floor(Math.Log10(magnitude)));
        for (var digits = 15; digits <= 17; digits++)
        {
            var (mantissa, decimals) = RoundToDigits(significand, shift, digits, exponent10);
            if (decimals < 0)
            {
                return 0; // rounds up to 1e15: outside the fixed-notation range handled here
            }

            if (digits == 17 || RoundTrips(mantissa, decimals, significand, shift, fraction == 0 && biasedExponent > 1))
            {
                while (decimals > 0 && mantissa % 10 == 0)
                {
                    mantissa /= 10;
                    decimals--;
                }

                var position = 0;
                if (value < 0)
                {
                    destination[position++] = (byte)'-';
                }

                return position + PythonFloat.WriteFixedDigits((long)mantissa, decimals, destination[position..]);
            }
        }

        return 0;
    }

    /// <summary>The exact E with 10^E &lt;= value &lt; 10^(E+1), starting from a floating-point log10 estimate.</summary>
    private static int DecimalExponent(ulong significand, int shift, int estimate)
    {
        while (true)
        {
            // floor(value · 10^(16 - E)) must have exactly 17 digits.
            var decimals = 16 - estimate;
            var floor = ((UInt128)significand * PowersOfTen[decimals]) >> shift;
            if (floor >= PowersOfTen[17])
            {
                estimate++;
            }
            else if (floor < PowersOfTen[16])
            {
                estimate--;
            }
            else
            {
                return estimate;
            }
        }
    }

    /// <summary>
    /// The value rounded half-to-even to <paramref name="digits"/> significant digits: mantissa · 10^-decimals.
    /// A carry into a new digit (999.95 → 1000.0) gives 10^(digits-1) with one decimal fewer.
    /// </summary>
    private static (ulong Mantissa, int Decimals) RoundToDigits(ulong significand, int shift, int digits, int exponent10)
    {
        var decimals = digits - 1 - exponent10;
        var scaled = (UInt128)significand * PowersOfTen[decimals]; // value · 10^decimals · 2^shift, exact
        var mantissa = scaled >> shift;
        var remainder = scaled - (mantissa << shift);
        var half = shift == 0 ? UInt128.Zero : UInt128.One << (shift - 1);
        if (shift > 0 && (remainder > half || (remainder == half && (mantissa & 1) == 1)))
        {
            mantissa++;
        }

        if (mantissa == PowersOfTen[digits])
        {
            mantissa = PowersOfTen[digits - 1];
            decimals--;
        }

        return ((ulong)mantissa, decimals);
    }

    /// <summary>
    /// Whether mantissa · 10^-decimals parses back to the value: it must lie strictly inside the value's rounding
    /// interval (half the gap to each neighbour; the gap below is halved at a power of two), or on its edge when the
    /// significand is even (round-half-even). Scaled by 4 · 10^decimals · 2^shift to stay in integers.
    /// </summary>
    private static bool RoundTrips(ulong mantissa, int decimals, ulong significand, int shift, bool lowerGapHalved)
    {
        var scaledValue = (UInt128)significand * PowersOfTen[decimals] * 4;
        var scaledDecimal = ((UInt128)mantissa << shift) * 4;
        var upper = PowersOfTen[decimals] * 2;
        var lower = lowerGapHalved ? PowersOfTen[decimals] : upper;
        var even = (significand & 1) == 0;
        if (scaledDecimal >= scaledValue)
        {
            var distance = scaledDecimal - scaledValue;
            return distance < upper || (distance == upper && even);
        }

        var below = scaledValue - scaledDecimal;
        return below < lower || (below == lower && even);
    }

    private static UInt128[] BuildPowers()
    {
        var powers = new UInt128[24];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
