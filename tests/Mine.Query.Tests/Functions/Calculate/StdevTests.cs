using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class StdevTests
{
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
        .Add("a.n", 1, 2, double.NaN, 4, double.NaN, double.NaN, 7, 8, 9, 10)
        .Add("a.f", 0.1, 0.2, 0.3, 0.4)
        .Add("a.s", 0.7, 0.7, 0.7, 0.7, 0.7);

    [Theory]
    [InlineData("stdev(a.b,3)", "stdev(a.b,3) [0.0, 0.5, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259, 0.8164965809277259]")]
    // Up to 90% None in a window is tolerated by default.
    [InlineData("stdev(a.n,3)", "stdev(a.n,3) [0.0, 0.5, 0.5, 1.0, 0.0, 0.0, 0.0, 0.5, 0.8164965809277259, 0.8164965809277259]")]
    [InlineData("stdev(a.n,3,0.5)", "stdev(a.n,3) [None, 0.5, 0.5, 1.0, None, None, None, 0.5, 0.8164965809277259, 0.8164965809277259]")]
    [InlineData("stdev(a.n,points=3,windowTolerance=0.5)", "stdev(a.n,3) [None, 0.5, 0.5, 1.0, None, None, None, 0.5, 0.8164965809277259, 0.8164965809277259]")]
    // Running sums carry rounding from one window to the next, as in graphite-web.
    [InlineData("stdev(a.f,2)", "stdev(a.f,2) [0.0, 0.04999999999999999, 0.050000000000000024, 0.05000000000000016]")]
    // A slightly negative variance from the running sums is math.sqrt's ValueError: None.
    [InlineData("stdev(a.s,5)", "stdev(a.s,5) [0.0, 0.0, 9.934107462565104e-09, 0.0, None]")]
    // A zero-point window never holds a value.
    [InlineData("stdev(a.b,0)", "stdev(a.b,0) [None, None, None, None, None, None, None, None, None, None]")]
    [InlineData("stdev(a.{b,f},2)", "stdev(a.b,2) [0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]\nstdev(a.f,2) [0.0, 0.04999999999999999, 0.050000000000000024, 0.05000000000000016]")]
    public void Computes_the_moving_standard_deviation(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Tags_the_window_and_keeps_the_time_range()
    {
        var series = Assert.Single(Kit().Evaluate("stdev(a.b,3)"));
        Assert.Equal(["name=a.b", "stdev=3"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(FunctionTestKit.Start, series.Start);
        Assert.Equal(FunctionTestKit.Start + (10 * FunctionTestKit.Step), series.End);
        Assert.Equal("stdev(a.b,3)", series.PathExpression);
    }

    [Theory]
    // Python reads series[index - points] past the end: IndexError.
    [InlineData("stdev(a.b,-1)", "stdev(): list index 10 out of range")]
    [InlineData("stdev(a.b,1.5)", "Invalid \"integer\" value specified for function \"stdev\" parameter \"points\"")]
    [InlineData("stdev(a.b)", "Missing required parameter \"points\" for function \"stdev\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
