using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class NPercentileTests
{
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
        .Add("a.n", 1, 2, double.NaN, 4, double.NaN, double.NaN, 7, 8, 9, 10)
        .Add("a.none", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    [Theory]
    [InlineData("nPercentile(a.b,50)", "nPercentile(a.b, 50)", 6)]
    [InlineData("nPercentile(a.b,90)", "nPercentile(a.b, 90)", 10)]
    [InlineData("nPercentile(a.b,10)", "nPercentile(a.b, 10)", 2)]
    [InlineData("nPercentile(a.b,5)", "nPercentile(a.b, 5)", 1)]
    [InlineData("nPercentile(a.b,0.5)", "nPercentile(a.b, 0.5)", 1)]
    [InlineData("nPercentile(a.b,100)", "nPercentile(a.b, 100)", 10)]
    [InlineData("nPercentile(a.b,99.999)", "nPercentile(a.b, 99.999)", 10)]
    // A negative rank indexes from the end, as Python lists do: -2 is the third value from the top.
    [InlineData("nPercentile(a.b,-20)", "nPercentile(a.b, -20)", 8)]
    // Nones are left out before ranking: 1, 2, 4, 7, 8, 9, 10.
    [InlineData("nPercentile(a.n,50)", "nPercentile(a.n, 50)", 7)]
    public void Draws_the_nearest_rank_percentile_over_the_series_span(string target, string name, double value)
    {
        var series = Assert.Single(Kit().Evaluate(target));
        Assert.Equal(name, series.Name);
        Assert.Equal(Enumerable.Repeat(value, 10), series.Values);
        Assert.Equal(FunctionTestKit.Start, series.Start);
        Assert.Equal(FunctionTestKit.Step, series.Step);
    }

    [Fact]
    public void Skips_series_without_values_and_tags_the_percent_as_a_float()
    {
        var result = Kit().Evaluate("nPercentile(a.*,95)");
        Assert.Equal(["nPercentile(a.b, 95)", "nPercentile(a.n, 95)"], result.Select(s => s.Name));
        Assert.Equal(["name=a.b", "nPercentile=95.0"], result[0].Tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Theory]
    [InlineData("nPercentile(a.b,0)", "nPercentile(): The requested percent is required to be greater than 0")]
    [InlineData("nPercentile(a.b,150)", "nPercentile(): list index 16 out of range")]
    [InlineData("nPercentile(a.b,-150)", "nPercentile(): list index -17 out of range")]
    [InlineData("nPercentile(a.b)", "Missing required parameter \"n\" for function \"nPercentile\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_step_series_is_rejected()
    {
        // aggregateLine over a one-second range has step int(1 / 2.0) = 0: graphite-web's ZeroDivisionError.
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("nPercentile(aggregateLine(a.b),50)", from: FunctionTestKit.Start, until: FunctionTestKit.Start + 1));
        Assert.StartsWith("nPercentile(): series aggregateLine(a.b, 10) has a step of 0 seconds", error.Message, StringComparison.Ordinal);
    }
}
