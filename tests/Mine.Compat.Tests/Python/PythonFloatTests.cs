using System.Globalization;
using System.Numerics;
using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(1e100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Repr_matches_cpython(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    /// <summary>
    /// 6000 doubles (edge values, every power of ten, random bit patterns and decimals) with CPython 3.11's repr,
    /// from Golden/float_repr_golden.py.
    /// </summary>
    [Fact]
    public void Repr_matches_cpython_for_the_recorded_sample()
    {
        using var stream = typeof(PythonFloatTests).Assembly.GetManifestResourceStream("FloatReprGolden.txt")!;
        using var reader = new StreamReader(stream);
        var mismatches = new List<string>();
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var bits = ulong.Parse(line.AsSpan(0, space), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var expected = line[(space + 1)..];
            var actual = PythonFloat.Repr(BitConverter.UInt64BitsToDouble(bits));
            if (actual != expected)
            {
                mismatches.Add($"{line} -> {actual}");
            }

            count++;
        }

        Assert.Equal(6000, count);
        Assert.Empty(mismatches);
    }

    /// <summary>The short-decimal fast path must agree with the general path on every value it could take.</summary>
    [Fact]
    public void Fast_path_agrees_with_the_general_path()
    {
        var random = new Random(42);
        Span<byte> fast = stackalloc byte[PythonFloat.MaxLength];
        Span<byte> slow = stackalloc byte[PythonFloat.MaxLength];
        for (var i = 0; i < 300_000; i++)
        {
            var decimals = random.Next(0, 8);
            var value = i % 3 == 0
                ? random.NextDouble() * Math.Pow(10, random.Next(-6, 17)) * (random.Next(2) == 0 ? -1 : 1)
                : Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(0, 12)), decimals);
            if (value == 0)
            {
                continue;
            }

            var f = PythonFloat.FormatRepr(value, fast);
            var s = PythonFloat.FormatReprSlow(value, slow);
            Assert.True(fast[..f].SequenceEqual(slow[..s]), $"{value:R}: fast {System.Text.Encoding.ASCII.GetString(fast[..f])} vs {System.Text.Encoding.ASCII.GetString(slow[..s])}");
        }
    }

    /// <summary>The Schubfach path agrees with the general path, including random bit patterns.</summary>
    [Fact]
    public void Schubfach_path_agrees_with_the_general_path()
    {
        var random = new Random(1234);
        Span<byte> fast = stackalloc byte[PythonFloat.MaxLength];
        Span<byte> slow = stackalloc byte[PythonFloat.MaxLength];
        Span<byte> bytes = stackalloc byte[8];
        var checkedCount = 0;
        for (var i = 0; i < 400_000; i++)
        {
            double value;
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
                value = BitConverter.ToDouble(bytes);
            }
            else if (i % 4 == 1)
            {
                value = (random.NextDouble() * Math.Pow(10, random.Next(-5, 16))) + (random.Next(3) == 0 ? 0.1 + 0.2 : 0);
            }
            else
            {
                // Just below and above powers of ten, where the digit count changes while rounding.
                var power = Math.Pow(10, random.Next(-4, 16));
                value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(power) + random.Next(-40, 40));
            }

            var f = ShortestDecimal.TryFormat(value, fast);
            if (f == 0)
            {
                continue;
            }

            checkedCount++;
            var s = PythonFloat.FormatReprSlow(value, slow);
            Assert.True(fast[..f].SequenceEqual(slow[..s]), $"{value:R}: Schubfach {System.Text.Encoding.ASCII.GetString(fast[..f])} vs {System.Text.Encoding.ASCII.GetString(slow[..s])}");
        }

        Assert.True(checkedCount > 150_000, $"only {checkedCount} values were in range");
    }

    [Theory]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(221.27599999999998, "221.27599999999998")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(9.5367431640625e-07 * 1024, "0.0009765625")]
    [InlineData(-123.456, "-123.456")]
    public void Schubfach_path_examples(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PythonFloat.MaxLength];
        var written = ShortestDecimal.TryFormat(value, buffer);
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(buffer[..written]));
    }

    /// <summary>The constant multipliers are floor(10^-k · 2^-r) + 1 in (2^125, 2^126], recomputed with big integers.</summary>
    [Fact]
    public void Schubfach_table_matches_big_integer_arithmetic()
    {
        var table = ShortestDecimal.G;
        Assert.Equal((292 + 324 + 1) * 2, table.Length);
        for (var k = -324; k <= 292; k++)
        {
            BigInteger beta;
            if (k <= 0)
            {
                var n = BigInteger.Pow(10, -k);
                var r = (int)n.GetBitLength() - 126;
                beta = r >= 0 ? n >> r : n << -r;
            }
            else
            {
                var d = BigInteger.Pow(10, k);
                var s = (int)d.GetBitLength() + 125;
                beta = (BigInteger.One << s) / d;
                if (beta.GetBitLength() < 126)
                {
                    beta = (BigInteger.One << (s + 1)) / d;
                }
            }

            var g = beta + 1;
            var index = (k + 324) * 2;
            Assert.Equal((long)(g >> 63), table[index]);
            Assert.Equal((long)(g & ((BigInteger.One << 63) - 1)), table[index + 1]);
        }
    }

    /// <summary>Sums of three-decimal values (format=json of sumSeries) and values near powers of two.</summary>
    [Theory]
    [InlineData(196.31900000000002, "196.31900000000002")]
    [InlineData(12.0, "12.0")]
    [InlineData(1e22, "1e+22")]
    [InlineData(9007199254740993.0, "9007199254740992.0")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Repr_examples_through_every_layout(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));
}
