namespace Mine.Query.Tests.Functions.FilterSeries;

public class PercentileFiltersTests
{
    [Theory]
    [InlineData(10, "a e")]
    [InlineData(20, "a b e")]
    [InlineData(30, "a b d e g")]
    [InlineData(40, "a b c d e f g")]
    [InlineData(50, "a b c d e f g")]
    [InlineData(60, "a b c d e f g")]
    [InlineData(75, "a b d e")]
    [InlineData(90, "a e")]
    [InlineData(100, "a e")]
    public void AverageOutsidePercentile_keeps_series_outside_the_band(double n, string expected)
    {
        var result = SampleSeries.Spread().Evaluate($"averageOutsidePercentile(q.*,{n})");
        Assert.Equal(expected, SampleSeries.Names(result));
    }

    [Theory]
    [InlineData(10, "a e")]
    [InlineData(20, "a b d e")]
    [InlineData(30, "a b c d e f g")]
    [InlineData(50, "a b c d e f g")]
    [InlineData(75, "a b d e")]
    [InlineData(90, "a e")]
    [InlineData(100, "a e")]
    public void RemoveBetweenPercentile_keeps_series_outside_the_band_at_some_moment(double n, string expected)
    {
        var result = SampleSeries.Spread().Evaluate($"removeBetweenPercentile(q.*,{n})");
        Assert.Equal(expected, SampleSeries.Names(result));
    }

    [Theory]
    [InlineData("averageOutsidePercentile")]
    [InlineData("removeBetweenPercentile")]
    public void Empty_lists_give_empty_results(string function)
    {
        Assert.Empty(SampleSeries.Spread().Evaluate($"{function}(x.*,90)"));
    }

    [Theory]

    // graphite-web: TypeError comparing None with a float (HTTP 500).
    [InlineData("averageOutsidePercentile(a.*,30)")]
    [InlineData("removeBetweenPercentile(a.*,30)")]

    // graphite-web: IndexError from _getPercentile once the rank falls off the values.
    [InlineData("averageOutsidePercentile(a.{s1,s2,s3},101)")]
    [InlineData("removeBetweenPercentile(a.{s1,s2,s3},-10)")]
    public void Cases_where_graphite_web_raises_are_errors(string target)
    {
        Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate(target));
    }

    [Fact]
    public void AverageOutsidePercentile_fails_on_a_series_without_values_only()
    {
        Assert.Equal("s1 s2 s3 s7", SampleSeries.Names(SampleSeries.Mixed().Evaluate("averageOutsidePercentile(a.{s1,s2,s3,s7},30)")));
        Assert.Equal("s1 s2 s3 s6", SampleSeries.Names(SampleSeries.Mixed().Evaluate("averageOutsidePercentile(a.{s1,s2,s3,s6},30)")));
        Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate("averageOutsidePercentile(a.{s1,s4},30)"));
    }

    [Fact]
    public void RemoveBetweenPercentile_fails_when_a_series_is_longer_than_the_shortest()
    {
        // zip() stops at the shortest series; graphite-web then indexes past the percentile lists (IndexError).
        var kit = new FunctionTestKit().Add("a.b", 1, 2, 3).Add("a.c", 4, 5);
        Assert.Throws<QueryArgumentException>(() => kit.Evaluate("removeBetweenPercentile(a.*,90)", until: FunctionTestKit.Start + 180));
    }
}
