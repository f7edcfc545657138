using Mine.Compat.Python;
using Xunit;

namespace Mine.Compat.Tests.Python;

public sealed class PythonRoundTests
{
    // Expected values are repr(round(value, digits)) from CPython 3.11.
    [Theory]
    [InlineData(0.0078125, 6, "0.007812")]
    [InlineData(2.5, 0, "2.0")]
    [InlineData(3.5, 0, "4.0")]
    [InlineData(-2.5, 0, "-2.0")]
    [InlineData(1.0000005, 6, "1.000001")]
    [InlineData(0.1234565, 6, "0.123456")]
    [InlineData(123.456, -1, "120.0")]
    [InlineData(125.0, -1, "120.0")]
    [InlineData(135.0, -1, "140.0")]
    [InlineData(-0.0001, 2, "-0.0")]
    [InlineData(1e+300, 6, "1e+300")]
    [InlineData(1e-300, 6, "0.0")]
    [InlineData(0.30000000000000004, 1, "0.3")]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(71582787.8333333, 6, "71582787.833333")]
    [InlineData(1.5e-07, 6, "0.0")]
    [InlineData(5e-07, 6, "0.0")]
    [InlineData(1234567.891, -3, "1235000.0")]
    [InlineData(0.5, 400, "0.5")]
    [InlineData(12.3, -400, "0.0")]
    [InlineData(-12.3, -400, "-0.0")]
    public void Rounds_half_to_even_on_the_exact_binary_value(double value, long digits, string expected)
        => Assert.Equal(expected, PythonFloat.Repr(PythonRound.Round(value, digits)));

    // Bit for bit, so the sign of a zero counts too.
    [Theory]
    [InlineData(0.0078125, 6, 0.007812)]
    [InlineData(0.0234375, 6, 0.023438)]
    [InlineData(2.675, 2, 2.67)]
    [InlineData(-0.0000004, 6, -0.0)]
    [InlineData(1e20, 6, 1e20)]
    [InlineData(123456789.1234565, 6, 123456789.123456)]
    [InlineData(5e-324, 6, 0.0)]
    public void Python_round_matches_cpython(double value, long digits, double expected)
        => Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(PythonRound.Round(value, digits)));

    [Fact]
    public void Keeps_nan_and_infinities()
    {
        Assert.True(double.IsNaN(PythonRound.Round(double.NaN, 2)));
        Assert.Equal(double.NegativeInfinity, PythonRound.Round(double.NegativeInfinity, 2));
    }

    [Fact]
    public void Overflow_is_refused_like_python()
    {
        var error = Assert.Throws<OverflowException>(() => PythonRound.Round(1.7976931348623157e+308, -308));
        Assert.Equal("rounded value too large to represent", error.Message);
    }
}
