using System.Globalization;
using Mine.Query.Python;

namespace Mine.Query.Tests.Python;

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
}
