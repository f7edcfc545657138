using Mine.Query.Tests.Functions.FilterSeries;

namespace Mine.Query.Tests.Functions.FilterData;

public class RemoveValuesTests
{
    [Theory]
    [InlineData("removeAboveValue(a.s1,3)", "removeAboveValue(a.s1, 3) [1.0, 2.0, 3.0, None, None]")]
    [InlineData("removeAboveValue(a.s5,3)", "removeAboveValue(a.s5, 3) [1.0, None, None, None, None]")]
    [InlineData("removeAboveValue(a.s6,3)", "removeAboveValue(a.s6, 3) [2.0, None, None, 1.0, None]")]
    [InlineData("removeBelowValue(a.s2,3)", "removeBelowValue(a.s2, 3) [5.0, 4.0, 3.0, None, None]")]
    [InlineData("removeBelowValue(a.s6,3)", "removeBelowValue(a.s6, 3) [None, 4.0, None, None, 8.0]")]
    [InlineData("removeBelowValue(a.s1,2.5e10)", "removeBelowValue(a.s1, 2.5e+10) [None, None, None, None, None]")]
    [InlineData("removeAboveValue(a.s4,3)", "removeAboveValue(a.s4, 3) [None, None, None, None, None]")]
    [InlineData("removeAbovePercentile(a.s1,50)", "removeAbovePercentile(a.s1, 50) [1.0, 2.0, 3.0, None, None]")]
    [InlineData("removeAbovePercentile(a.s6,50)", "removeAbovePercentile(a.s6, 50) [2.0, 4.0, None, 1.0, None]")]
    [InlineData("removeAbovePercentile(a.s5,50)", "removeAbovePercentile(a.s5, 50) [1.0, None, 5.0, None, None]")]
    [InlineData("removeBelowPercentile(a.s1,50)", "removeBelowPercentile(a.s1, 50) [None, None, 3.0, 4.0, 5.0]")]
    [InlineData("removeBelowPercentile(a.s5,50)", "removeBelowPercentile(a.s5, 50) [None, None, 5.0, None, None]")]
    [InlineData("removeBelowPercentile(a.s6,50)", "removeBelowPercentile(a.s6, 50) [None, 4.0, None, None, 8.0]")]
    [InlineData("removeBelowPercentile(a.s1,99.9)", "removeBelowPercentile(a.s1, 99.9) [None, None, None, None, 5.0]")]

    // A negative rank counts from the end of the sorted values: -50% of 5 values is item [-4], 2.0.
    [InlineData("removeAbovePercentile(a.s1,-50)", "removeAbovePercentile(a.s1, -50) [1.0, 2.0, None, None, None]")]

    // Ranks off the values are IndexErrors that graphite-web catches: the series keeps its values (and new name).
    [InlineData("removeAbovePercentile(a.s1,-90)", "removeAbovePercentile(a.s1, -90) [1.0, 2.0, 3.0, 4.0, 5.0]")]
    [InlineData("removeAbovePercentile(a.s1,150)", "removeAbovePercentile(a.s1, 150) [1.0, 2.0, 3.0, 4.0, 5.0]")]
    [InlineData("removeBelowPercentile(a.s4,50)", "removeBelowPercentile(a.s4, 50) [None, None, None, None, None]")]
    public void Set_values_beyond_the_threshold_to_none(string target, string expected)
    {
        Assert.Equal(expected, FunctionTestKit.Describe(SampleSeries.Mixed().Evaluate(target)));
    }

    [Theory]
    [InlineData("removeAbovePercentile(q.a,30)", "removeAbovePercentile(q.a, 30) [1.0, None, None, 1.0, None]")]
    [InlineData("removeAbovePercentile(q.f,75)", "removeAbovePercentile(q.f, 75) [3.0, 25.0, 7.0, 3.5, 7.0]")]
    [InlineData("removeBelowPercentile(q.f,75)", "removeBelowPercentile(q.f, 75) [None, 25.0, None, None, None]")]
    [InlineData("removeBelowPercentile(q.f,-20)", "removeBelowPercentile(q.f, -20) [None, 25.0, 7.0, None, 7.0]")]
    [InlineData("removeAbovePercentile(q.f,0.5)", "removeAbovePercentile(q.f, 0.5) [3.0, None, None, None, None]")]
    public void Percentiles_match_graphite_web(string target, string expected)
    {
        Assert.Equal(expected, FunctionTestKit.Describe(SampleSeries.Spread().Evaluate(target)));
    }

    [Fact]
    public void Every_series_is_renamed_and_its_path_expression_follows()
    {
        var result = SampleSeries.Mixed().Evaluate("removeAboveValue(a.s*,3)");
        Assert.Equal(7, result.Count);
        Assert.All(result, s => Assert.StartsWith("removeAboveValue(a.s", s.Name, StringComparison.Ordinal));
        Assert.All(result, s => Assert.Equal(s.Name, s.PathExpression));
    }

    [Fact]
    public void Percentile_filters_leave_nPercentile_tag_as_graphite_webs_shared_tags_do()
    {
        var result = SampleSeries.Spread().Evaluate("removeAbovePercentile(q.f,90)");
        Assert.Equal("90.0", result[0].Tags["nPercentile"]);
        Assert.False(SampleSeries.Spread().Evaluate("removeAboveValue(q.f,90)")[0].Tags.ContainsKey("nPercentile"));
    }

    [Fact]
    public void A_zero_percent_is_an_error_as_graphite_webs_assertion()
    {
        Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate("removeAbovePercentile(a.s1,0)"));
        Assert.Empty(SampleSeries.Mixed().Evaluate("removeAbovePercentile(x.*,0)"));
    }

    [Fact]
    public void Consolidated_points_are_compared_but_raw_indexes_are_cleared()
    {
        // Python enumerates the consolidated points [1.5, 15.0] and assigns s[1] = None in the raw list.
        var kit = new FunctionTestKit().Add("a.b", 1, 2, 10, 20);
        var series = kit.Evaluate("a.b");
        series[0].Consolidate(2);
        var result = Mine.Query.Evaluation.TargetEvaluator.Default.InvokeFunction("removeAboveValue", kit.Context(), [series, 5.0]);
        Assert.Equal([1, double.NaN, 10, 20], result[0].Values);
    }
}
