using Mine.Query.Functions;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class CountSeriesTests
{
    private const double N = double.NaN;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .Add("n.empty", N, N, N, N, N, N, N, N, N, N)
        .AddAt("c.p", FunctionTestKit.Start, 120, 5, 7, N, 9, 11);

    [Theory]
    [InlineData("countSeries(a.*)", "countSeries(a.*) [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]")]
    [InlineData("countSeries(a.*,nope.*)", "countSeries(a.*) [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]")]
    [InlineData("countSeries(a.*,a.x)", "countSeries(a.*,a.x) [4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]")]
    [InlineData("countSeries(n.empty)", "countSeries(n.empty) [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]")]
    [InlineData("countSeries(a.x,c.p)", "countSeries(a.x,c.p) [2.0, 2.0, 2.0, 2.0, 2.0]")]
    [InlineData("countSeries(nope.*)", "")]
    [InlineData("countSeries(nope.*,nada.*)", "")]
    public void Counts_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Spans_the_normalized_range_with_the_common_step()
    {
        var result = Kit().Evaluate("countSeries(a.x,c.p)", xFilesFactor: 0.5);
        Assert.Equal((FunctionTestKit.Start, FunctionTestKit.Start + 600, 120L), (result[0].Start, result[0].End, result[0].Step));
        Assert.Equal([new("name", "countSeries(a.x,c.p)")], result[0].Tags);
        Assert.Equal("countSeries(a.x,c.p)", result[0].PathExpression);
        Assert.Equal(0.5, result[0].XFilesFactor);
    }

    [Fact]
    public void Without_arguments_it_is_a_zero_line_over_the_request()
    {
        // graphite-web answers constantLine(0): three points, the step half the range.
        var result = Kit().Evaluate("countSeries()", from: FunctionTestKit.Start - 1, until: FunctionTestKit.Start + 599);
        Assert.Equal("0 [0.0, 0.0, 0.0]", FunctionTestKit.Describe(result));
        Assert.Equal((FunctionTestKit.Start - 1, FunctionTestKit.Start + 599, 300L), (result[0].Start, result[0].End, result[0].Step));
        Assert.Equal([new("name", "0")], result[0].Tags);
        Assert.Equal("countSeries()", result[0].PathExpression);
    }

    [Fact]
    public void Is_an_aggregator()
    {
        Assert.True(FunctionRegistry.Default.TryGet("countSeries", out var definition));
        Assert.True(definition.IsAggregator);
        var parameter = Assert.Single(definition.Parameters);
        Assert.Equal(("seriesLists", false, true), (parameter.Name, parameter.Required, parameter.Multiple));
    }

    [Fact]
    public void Rejects_non_series_arguments()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("countSeries(1)"));
        Assert.StartsWith("Invalid \"seriesList\" value specified for function \"countSeries\" parameter \"seriesLists\"", error.Message, StringComparison.Ordinal);
    }
}
