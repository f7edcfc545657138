using Mine.Query.Functions;
using Mine.Query.Functions.Combine;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class AggregateSeriesListsTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .Add("b.x", 2, 2, 2, 0.5, 2, -2, 2, 2, 2, 2)
        .Add("b.y", 1, 0, N, 3, 0.5, 2, 2, 2, 2, 1)
        .AddAt("c.p", FunctionTestKit.Start, 120, 5, 7, N, 9, 11);

    [Theory]
    [InlineData(
        "aggregateSeriesLists(a.{x,y},b.*,\"avg\",0.6)",
        "avgSeries(a.x,b.x) [1.5, 2.0, None, 2.25, 3.5, 2.0, None, 5.0, 5.5, 6.0]\navgSeries(a.y,b.y) [5.5, None, None, 21.5, 25.5, -2.0, 4.5, 5.0, None, 1.0]")]
    [InlineData(
        "aggregateSeriesLists(a.{x,y},b.*,\"rangeOf\")",
        "rangeOfSeries(a.x,b.x) [1.0, 0.0, 0.0, 3.5, 3.0, 8.0, 0.0, 6.0, 7.0, 8.0]\nrangeOfSeries(a.y,b.y) [9.0, 0.0, None, 37.0, 50.0, 8.0, 5.0, 6.0, 0.0, 0.0]")]
    [InlineData(
        "aggregateSeriesLists(a.{x,y},b.*,\"sumSeries\")",
        "sumSeries(a.x,b.x) [3.0, 4.0, 2.0, 4.5, 7.0, 4.0, 2.0, 10.0, 11.0, 12.0]\nsumSeries(a.y,b.y) [11.0, 0.0, None, 43.0, 51.0, -4.0, 9.0, 10.0, 2.0, 2.0]")]
    [InlineData(
        "sumSeriesLists(a.{x,y},b.*)",
        "sumSeries(a.x,b.x) [3.0, 4.0, 2.0, 4.5, 7.0, 4.0, 2.0, 10.0, 11.0, 12.0]\nsumSeries(a.y,b.y) [11.0, 0.0, None, 43.0, 51.0, -4.0, 9.0, 10.0, 2.0, 2.0]")]
    [InlineData(
        "diffSeriesLists(a.{x,y},b.*)",
        "diffSeries(a.x,b.x) [-1.0, 0.0, 2.0, 3.5, 3.0, 8.0, 2.0, 6.0, 7.0, 8.0]\ndiffSeries(a.y,b.y) [9.0, 0.0, None, 37.0, 50.0, -8.0, 5.0, 6.0, 2.0, 0.0]")]
    [InlineData(
        "multiplySeriesLists(a.{x,y},b.*)",
        "multiplySeries(a.x,b.x) [2.0, 4.0, None, 2.0, 10.0, -12.0, None, 16.0, 18.0, 20.0]\nmultiplySeries(a.y,b.y) [10.0, None, None, 120.0, 25.25, -12.0, 14.0, 16.0, None, 1.0]")]
    [InlineData(
        "sumSeriesLists(scale(a.{x,y},2),b.*)",
        "sumSeries(scale(a.x,2),b.x) [4.0, 6.0, 2.0, 8.5, 12.0, 10.0, 2.0, 18.0, 20.0, 22.0]\nsumSeries(scale(a.y,2),b.y) [21.0, 0.0, None, 83.0, 101.5, -10.0, 16.0, 18.0, 2.0, 3.0]")]
    [InlineData("sumSeriesLists(a.x,c.p)", "sumSeries(a.x,c.p) [6.5, 11.0, 5.5, 17.0, 20.5]")]
    [InlineData("sumSeriesLists(nope.*,nada.*)", "")]
    public void Aggregate_pairwise_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Pairs_follow_list_order_not_names()
    {
        // graphite-web: diffSeriesLists(group(a.y,a.x),b.*).
        var kit = Kit();
        var context = kit.Context();
        var first = new List<Mine.Query.Series.TimeSeries> { kit.Evaluate("a.y")[0], kit.Evaluate("a.x")[0] };
        var result = AggregateSeriesLists.Run(context, first, kit.Evaluate("b.*"), "diff", null);
        Assert.Equal(
            "diffSeries(a.y,b.x) [8.0, 2.0, 2.0, 39.5, 48.5, -4.0, 5.0, 6.0, 2.0, -1.0]\ndiffSeries(a.x,b.y) [0.0, 2.0, None, 1.0, 4.5, 4.0, 2.0, 6.0, 7.0, 9.0]",
            FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Tags_and_path_expression_keep_the_aggregated_form()
    {
        var result = Kit().Evaluate("sumSeriesLists(a.{x,y},b.*)");
        Assert.Equal([new("name", "sumSeries(a.{x,y},b.*)"), new("aggregatedBy", "sum")], result[0].Tags);
        Assert.Equal("sumSeries(a.{x,y},b.*)", result[0].PathExpression);
    }

    [Fact]
    public void The_request_xFilesFactor_applies_without_an_argument()
        => Assert.Equal(
            "sumSeries(a.y,b.y) [11.0, None, None, 43.0, 51.0, -4.0, 9.0, 10.0, None, 2.0]",
            FunctionTestKit.Describe(Kit().Evaluate("sumSeriesLists(a.y,b.y)", xFilesFactor: 0.6)));

    [Theory]
    [InlineData("sumSeriesLists")]
    [InlineData("diffSeriesLists")]
    [InlineData("multiplySeriesLists")]
    public void The_fixed_ones_are_aggregators(string name)
    {
        Assert.True(FunctionRegistry.Default.TryGet(name, out var definition));
        Assert.True(definition.IsAggregator);
        Assert.True(FunctionRegistry.Default.TryGet("aggregateSeriesLists", out var general));
        Assert.False(general.IsAggregator);
    }

    [Theory]
    [InlineData("aggregateSeriesLists(a.*,b.*,\"sum\")", "seriesListFirstPos and seriesListSecondPos argument must have equal length")]
    [InlineData("sumSeriesLists(a.*,nope.*)", "seriesListFirstPos and seriesListSecondPos argument must have equal length")]
    [InlineData("aggregateSeriesLists(a.x,b.x)", "Missing required parameter \"func\" for function \"aggregateSeriesLists\"")]
    [InlineData("aggregateSeriesLists(a.x,b.x,\"nope\")", "Invalid option specified for function \"aggregateSeriesLists\" parameter \"func\"")]
    [InlineData("sumSeriesLists(a.x)", "Missing required parameter \"seriesListSecondPos\" for function \"sumSeriesLists\"")]
    [InlineData("sumSeriesLists(a.x,b.x,c.p)", "Too many parameters specified for function \"sumSeriesLists\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
