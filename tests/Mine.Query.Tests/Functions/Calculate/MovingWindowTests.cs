using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class MovingWindowTests
{
    private const long Start = FunctionTestKit.Start;
    private const long Step = FunctionTestKit.Step;

    // a.b holds 1..10 from Start; requests start 3 steps later, so windows reach back into data before the range.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
        .Add("a.n", 1, 2, double.NaN, 4, double.NaN, double.NaN, 7, 8, 9, 10);

    private static string Evaluate(FunctionTestKit kit, string target)
        => FunctionTestKit.Describe(kit.Evaluate(target, from: Start + (3 * Step), until: Start + (10 * Step)));

    [Theory]
    [InlineData("movingAverage(a.b,2)", "movingAverage(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingAverage(a.b,'2min')", "movingAverage(a.b,\"2min\") [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingAverage(a.b,\"-2min\")", "movingAverage(a.b,\"-2min\") [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingAverage(a.b,3)", "movingAverage(a.b,3) [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]")]
    [InlineData("movingSum(a.b,3)", "movingSum(a.b,3) [6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0]")]
    [InlineData("movingMin(a.b,3)", "movingMin(a.b,3) [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]")]
    [InlineData("movingMax(a.b,'3min')", "movingMax(a.b,\"3min\") [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]")]
    [InlineData("movingMedian(a.b,2)", "movingMedian(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingWindow(a.b,2)", "movingAverage(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingWindow(a.b,3,'sum')", "movingSum(a.b,3) [6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0]")]
    [InlineData("movingWindow(a.b,2,'rangeOf')", "movingRangeof(a.b,2) [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]")]
    [InlineData("movingWindow(a.b,2,'avg_zero')", "movingAvg_zero(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingWindow(a.b,2,'total')", "movingTotal(a.b,2) [5.0, 7.0, 9.0, 11.0, 13.0, 15.0, 17.0]")]
    [InlineData("movingWindow(a.b,3,'count')", "movingCount(a.b,3) [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]")]
    [InlineData("a.b|movingAverage(2)", "movingAverage(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingAverage(seriesList=a.b,windowSize=2)", "movingAverage(a.b,2) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    public void Aggregates_the_preceding_window_including_points_before_the_range(string target, string expected)
        => Assert.Equal(expected, Evaluate(Kit(), target));

    [Theory]
    // int(2.7) is a 2-point window, but the name keeps what was written.
    [InlineData("movingAverage(a.b,2.7)", "movingAverage(a.b,2.7) [2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]")]
    [InlineData("movingAverage(a.b,true)", "movingAverage(a.b,True) [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]")]
    // A zero window holds no point, so every value is None.
    [InlineData("movingAverage(a.b,0)", "movingAverage(a.b,0) [None, None, None, None, None, None, None]")]
    // An interval shorter than a step is a zero-point window too.
    [InlineData("movingSum(a.b,'30s')", "movingSum(a.b,\"30s\") [None, None, None, None, None, None, None]")]
    public void Window_sizes_follow_python_int_and_interval_rules(string target, string expected)
        => Assert.Equal(expected, Evaluate(Kit(), target));

    [Theory]
    // Nones are skipped; a window of only Nones is None.
    [InlineData("movingAverage(a.n,2)", "movingAverage(a.n,2) [2.0, 4.0, 4.0, None, 7.0, 7.5, 8.5]")]
    // xFilesFactor 0.6: 1 of 2 non-null is not enough.
    [InlineData("movingAverage(a.n,2,0.6)", "movingAverage(a.n,2) [None, None, None, None, None, 7.5, 8.5]")]
    [InlineData("movingAverage(a.n,2,xFilesFactor=0.5)", "movingAverage(a.n,2) [2.0, 4.0, 4.0, None, 7.0, 7.5, 8.5]")]
    // avg_zero only sees the non-null values of a window, so it averages like average.
    [InlineData("movingWindow(a.n,2,'avg_zero')", "movingAvg_zero(a.n,2) [2.0, 4.0, 4.0, None, 7.0, 7.5, 8.5]")]
    [InlineData("movingWindow(a.n,3,'count',0.5)", "movingCount(a.n,3) [2.0, 2.0, None, None, None, 2.0, 3.0]")]
    [InlineData("movingMedian(a.n,3)", "movingMedian(a.n,3) [1.5, 3.0, 4.0, 4.0, 7.0, 7.5, 8.0]")]
    public void Skips_none_and_applies_the_xfiles_factor(string target, string expected)
        => Assert.Equal(expected, Evaluate(Kit(), target));

    [Fact]
    public void Request_xfiles_factor_is_the_default()
    {
        var result = Kit().Evaluate("movingAverage(a.n,2)", from: Start + (3 * Step), until: Start + (10 * Step), xFilesFactor: 0.6);
        Assert.Equal("movingAverage(a.n,2) [None, None, None, None, None, 7.5, 8.5]", FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Output_starts_at_the_bootstrapped_start_plus_the_window_and_is_tagged()
    {
        var series = Assert.Single(Kit().Evaluate("movingAverage(a.b,'2min')", from: Start + (3 * Step), until: Start + (10 * Step)));
        Assert.Equal(Start + (3 * Step), series.Start);
        Assert.Equal(Start + (10 * Step), series.End);
        Assert.Equal(Step, series.Step);
        Assert.Equal(["name=a.b", "movingAverage=2min"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Fact]
    public void A_point_count_is_scaled_by_the_largest_step_of_the_list()
    {
        // graphite-web bootstraps max(step) * N seconds for every series but slides an N-point window over each.
        var kit = new FunctionTestKit()
            .Add("m.fine", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
            .AddAt("m.coarse", Start, 2 * Step, 10, 20, 30, 40, 50);
        var result = kit.Evaluate("movingSum(m.*,2)", from: Start + (4 * Step), until: Start + (10 * Step));
        Assert.Equal(
            "movingSum(m.coarse,2) [30.0, 50.0, 70.0]\nmovingSum(m.fine,2) [3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 15.0, 17.0]",
            FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal(Start + (4 * Step), s.Start));
    }

    [Fact]
    public void Floating_point_sums_are_recomputed_per_window()
    {
        // A running sum would give 0.30000000000000004 - 0.1 + ... ; graphite-web 1.1.8 adds each window afresh.
        var kit = new FunctionTestKit().Add("f.x", 0.1, 0.2, 0.3, 0.4, 0.5);
        var result = kit.Evaluate("movingSum(f.x,2)", from: Start + (2 * Step), until: Start + (5 * Step));
        Assert.Equal("movingSum(f.x,2) [0.30000000000000004, 0.5, 0.7]", FunctionTestKit.Describe(result));
    }

    [Fact]
    public void An_empty_list_gives_nothing_even_with_a_bad_window()
        => Assert.Empty(Kit().Evaluate("movingAverage(no.such,'bogus')"));

    [Fact]
    public void A_zero_step_series_is_rejected()
    {
        // aggregateLine over a one-second range has step int(1 / 2.0) = 0: graphite-web's ZeroDivisionError.
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("movingAverage(aggregateLine(a.b),'0s')", from: Start, until: Start + 1));
        Assert.StartsWith("movingAverage(): series aggregateLine(a.b, 1) has a step of 0 seconds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("movingAverage(a.b,'bogus')", "movingAverage(): windowSize 'bogus' is not a number of points nor an interval")]
    [InlineData("movingAverage(a.b,9223372036854775807)", "movingAverage(): windowSize 9223372036854775807 reaches outside the representable dates")]
    [InlineData("movingAverage(a.b,'-1000000d')", "movingAverage(): the window reaches outside the representable dates")]
    [InlineData("movingAverage(a.b,None)", "movingAverage(): windowSize must be a number of points or a quoted interval")]
    [InlineData("movingAverage(a.b)", "Missing required parameter \"windowSize\" for function \"movingAverage\"")]
    [InlineData("movingWindow(a.b,2,'mean')", "Invalid option specified for function \"movingWindow\" parameter \"func\"")]
    [InlineData("movingSum(a.b,2,'x')", "Invalid \"float\" value specified for function \"movingSum\" parameter \"xFilesFactor\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
