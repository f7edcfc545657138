using Mine.Query.Functions.Calculate;
using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class ExponentialMovingAverageTests
{
    private const long Start = FunctionTestKit.Start;
    private const long Step = FunctionTestKit.Step;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
        .Add("a.n", 1, 2, double.NaN, 4, double.NaN, double.NaN, 7, 8, 9, 10)
        .Add("a.z", 1, double.NaN, double.NaN, 3, 6);

    [Theory]
    // The first value is the plain average of the window before the request start, then c = 2 / (N + 1).
    [InlineData("exponentialMovingAverage(a.b,2)", 3, "exponentialMovingAverage(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]")]
    [InlineData("exponentialMovingAverage(a.b,3)", 3, "exponentialMovingAverage(a.b,3) [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]")]
    // For an interval the constant uses seconds: 2 / (120 + 1).
    [InlineData("exponentialMovingAverage(a.b,'2min')", 3, "exponentialMovingAverage(a.b,\"2min\") [2.5, 2.524793, 2.565706, 2.622471, 2.694827, 2.782516, 2.885284, 3.002883]")]
    // None stays None and does not move the average.
    [InlineData("exponentialMovingAverage(a.n,2)", 3, "exponentialMovingAverage(a.n,2) [2.0, 3.333333, None, None, 5.777778, 7.259259, 8.419753, 9.473251]")]
    // A first window of only None starts the average at 0.
    [InlineData("exponentialMovingAverage(a.z,2)", 3, "exponentialMovingAverage(a.z,2) [0.0, 2.0, 4.666667]")]
    public void Averages_exponentially_and_rounds_to_six_decimals(string target, int fromStep, string expected)
    {
        var result = Kit().Evaluate(target, from: Start + (fromStep * Step), until: Start + (10 * Step));
        Assert.Equal(expected, FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Starts_one_window_after_the_bootstrapped_start_with_one_extra_value_and_is_tagged()
    {
        var series = Assert.Single(Kit().Evaluate("exponentialMovingAverage(a.b,'2min')", from: Start + (3 * Step), until: Start + (10 * Step)));

        // graphite-web's quirk: the seed value sits at the request start, so the series holds one value too many.
        Assert.Equal(Start + (3 * Step), series.Start);
        Assert.Equal(8, series.Values.Length);
        Assert.Equal(["name=a.b", "exponentialMovingAverage=2min"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Fact]
    public void Rounds_halves_to_even_on_the_exact_binary_value()
    {
        // 0.0078125 is exactly halfway between 0.007812 and 0.007813: Python's round() keeps the even digit.
        var kit = new FunctionTestKit().Add("r.x", 0.0078125, 0.0078125);
        var result = kit.Evaluate("exponentialMovingAverage(r.x,1)", from: Start + Step, until: Start + (2 * Step));
        Assert.Equal("exponentialMovingAverage(r.x,1) [0.007812, 0.007812]", FunctionTestKit.Describe(result));
    }

    [Theory]
    [InlineData(0.0078125, 6, 0.007812)]
    [InlineData(0.0234375, 6, 0.023438)]
    [InlineData(2.675, 2, 2.67)]
    [InlineData(-0.0000004, 6, -0.0)]
    [InlineData(1e20, 6, 1e20)]
    [InlineData(123456789.1234565, 6, 123456789.123456)]
    [InlineData(5e-324, 6, 0.0)]
    public void Python_round_matches_cpython(double value, int digits, double expected)
        => Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(PythonRounding.Round(value, digits)));

    [Fact]
    public void An_empty_list_gives_nothing()
        => Assert.Empty(Kit().Evaluate("exponentialMovingAverage(no.such,5)"));

    [Theory]
    [InlineData("exponentialMovingAverage(a.b,-1)", "exponentialMovingAverage(): windowSize -1 divides by zero")]
    [InlineData("exponentialMovingAverage(a.b,'5x')", "exponentialMovingAverage(): windowSize '5x' is not a number of points nor an interval")]
    [InlineData("exponentialMovingAverage(a.b)", "Missing required parameter \"windowSize\" for function \"exponentialMovingAverage\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
