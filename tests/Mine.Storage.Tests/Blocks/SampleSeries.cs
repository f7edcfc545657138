using System.Globalization;

namespace Mine.Storage.Tests.Blocks;

/// <summary>
/// Deterministic series shaped like what Mine stores, for round-trip tests and bytes-per-point measurements.
/// Each value goes through text and back, as it does on the wire, so the doubles carry the same noisy low bits
/// real ingested data carries.
/// </summary>
internal static class SampleSeries
{
    public const long FleetStart = 1_780_000_000 - (30 * 86_400);
    public const int FleetStep = 300;

    /// <summary>
    /// One series of /work/shared/bench/gen_fleet.py: base*bias*(1.2+0.5*sin(2π·(ts mod 86400)/86400)+0.1*sin(ts/600+ph))
    /// printed with 3 decimals.
    /// </summary>
    public static double[] Fleet(Random random, int points, long start = FleetStart, int step = FleetStep)
    {
        var baseValue = random.NextDouble() * 100;
        var bias = random.Next(30) == 0 ? 3.0 : 1.0;
        var phase = random.NextDouble() * 6.28;
        var values = new double[points];
        for (var k = 0; k < points; k++)
        {
            var ts = start + ((long)k * step);
            var day = Math.Sin(2 * Math.PI * (ts % 86_400) / 86_400);
            var value = baseValue * bias * (1.2 + (0.5 * day) + (0.1 * Math.Sin((ts / 600.0) + phase)));
            values[k] = ThroughText(value, "F3");
        }

        return values;
    }

    /// <summary>
    /// A collectd-style gauge kept as a binary fraction, like a load average in 1/2048 fixed point
    /// (0.2744140625 = 562/2048): exact in binary, 10 digits in decimal.
    /// </summary>
    public static double[] BinaryFractionGauge(Random random, int points)
    {
        var values = new double[points];
        var level = random.NextDouble() * 4;
        for (var k = 0; k < points; k++)
        {
            level = Math.Max(0, level + ((random.NextDouble() - 0.5) * 0.2));
            values[k] = Math.Round(level * 2048) / 2048;
        }

        return values;
    }

    /// <summary>
    /// A counter turned into a per-second rate over a slightly jittered interval (collectd's derive), printed with
    /// 6 decimals as write_graphite does.
    /// </summary>
    public static double[] CounterRate(Random random, int points, int step = 10)
    {
        var values = new double[points];
        var rate = 10 + (random.NextDouble() * 5000);
        for (var k = 0; k < points; k++)
        {
            rate = Math.Max(0, rate * (1 + ((random.NextDouble() - 0.5) * 0.1)));
            var elapsed = step + ((random.NextDouble() - 0.5) * 0.01);
            var increment = Math.Round(rate * elapsed);
            values[k] = ThroughText(increment / elapsed, "F6");
        }

        return values;
    }

    /// <summary>Doubles from random bit patterns (NaNs excluded): the worst case, exercising every Gorilla branch.</summary>
    public static double[] RandomBits(Random random, int points)
    {
        var values = new double[points];
        for (var k = 0; k < points; k++)
        {
            double value;
            do
            {
                value = BitConverter.Int64BitsToDouble(random.NextInt64() ^ ((long)random.Next() << 33));
            }
            while (double.IsNaN(value));

            values[k] = value;
        }

        return values;
    }

    /// <summary>Keeps every <paramref name="stride"/>-th slot, like a 5-minute series stored in a 1-minute archive.</summary>
    public static double[] Strided(double[] values, int stride, int offset = 0)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (i - offset) % stride == 0 && i >= offset ? values[i] : double.NaN;
        }

        return result;
    }

    private static double ThroughText(double value, string format) =>
        double.Parse(value.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
