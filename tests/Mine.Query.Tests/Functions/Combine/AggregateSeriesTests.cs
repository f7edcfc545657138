using Mine.Query.Functions;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class AggregateSeriesTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .Add("b.x", 2, 2, 2, 0.5, 2, -2, 2, 2, 2, 2)
        .Add("b.y", 1, 0, N, 3, 0.5, 2, 2, 2, 2, 1)
        .Add("n.empty", N, N, N, N, N, N, N, N, N, N);

    [Theory]
    [InlineData("sumSeries(a.*)", "sumSeries(a.*) [14.0, 5.0, None, 47.0, 55.5, 0.0, 9.0, 18.0, 11.0, 13.0]")]
    [InlineData("sum(a.*,b.x)", "sumSeries(a.*,b.x) [16.0, 7.0, 2.0, 47.5, 57.5, -2.0, 11.0, 20.0, 13.0, 15.0]")]
    [InlineData("sumSeries(a.*,a.*)", "sumSeries(a.*) [28.0, 10.0, None, 94.0, 111.0, 0.0, 18.0, 36.0, 22.0, 26.0]")]
    [InlineData("averageSeries(a.*)", "averageSeries(a.*) [4.666666666666667, 2.5, None, 15.666666666666666, 18.5, 0.0, 4.5, 6.0, 5.5, 4.333333333333333]")]
    [InlineData("avg(a.x)", "averageSeries(a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("stddevSeries(a.*)", "stddevSeries(a.*) [3.858612300930075, 0.5, None, 17.21110752456745, 22.719301632459274, 4.898979485566356, 2.5, 2.8284271247461903, 3.5, 4.0276819911981905]")]
    [InlineData("minSeries(a.*,b.*)", "minSeries(a.*,b.*) [1.0, 0.0, 2.0, 0.5, 0.0, -6.0, 2.0, 2.0, 2.0, 1.0]")]
    [InlineData("maxSeries(a.y,b.x)", "maxSeries(a.y,b.x) [10.0, 2.0, 2.0, 40.0, 50.5, -2.0, 7.0, 8.0, 2.0, 2.0]")]
    [InlineData("rangeOfSeries(a.*)", "rangeOfSeries(a.*) [9.0, 1.0, None, 37.0, 50.5, 12.0, 5.0, 6.0, 7.0, 9.0]")]
    [InlineData("diffSeries(a.x,a.y)", "diffSeries(a.x,a.y) [-9.0, 2.0, None, -36.0, -45.5, 12.0, 7.0, 0.0, 9.0, 9.0]")]
    [InlineData("diffSeries(a.y,a.*)", "diffSeries(a.y,a.*) [-4.0, -1.0, None, -7.0, -5.0, -6.0, -2.0, -10.0, 7.0, -12.0]")]
    [InlineData("multiplySeries(a.x,b.x)", "multiplySeries(a.x,b.x) [2.0, 4.0, None, 2.0, 10.0, -12.0, None, 16.0, 18.0, 20.0]")]
    [InlineData("multiplySeries(a.*)", "multiplySeries(a.*) [30.0, None, None, 480.0, 0.0, -0.0, None, 128.0, None, 20.0]")]
    [InlineData("multiplySeries(nope.*,a.x)", "multiplySeries(a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("sumSeries(nope.*,a.x)", "sumSeries(a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("sumSeries(n.empty)", "sumSeries(n.empty) [None, None, None, None, None, None, None, None, None, None]")]
    [InlineData("sumSeries(n.empty,a.x)", "sumSeries(n.empty,a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("sumSeries(nope.*)", "")]
    [InlineData("sum(nope.*,nada.*)", "")]
    [InlineData("maxSeries(sumSeries(a.x),sumSeries(a.y))", "maxSeries(sumSeries(a.x),sumSeries(a.y)) [10.0, 2.0, None, 40.0, 50.5, 6.0, 7.0, 8.0, 9.0, 10.0]")]
    public void Combine_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Theory]
    [InlineData("sumSeries(a.*)", "sum")]
    [InlineData("sum(a.*)", "sum")]
    [InlineData("averageSeries(a.*)", "average")]
    [InlineData("avg(a.*)", "average")]
    [InlineData("stddevSeries(a.*)", "stddev")]
    [InlineData("minSeries(a.*)", "min")]
    [InlineData("maxSeries(a.*)", "max")]
    [InlineData("rangeOfSeries(a.*)", "rangeOf")]
    [InlineData("diffSeries(a.*)", "diff")]
    [InlineData("multiplySeries(a.*)", "multiply")]
    public void Tag_the_aggregation(string target, string aggregatedBy)
    {
        var tags = Kit().Evaluate(target)[0].Tags;
        Assert.Equal(aggregatedBy, tags["aggregatedBy"]);
        Assert.Equal(["name", "aggregatedBy"], tags.Keys);
    }

    [Fact]
    public void A_single_series_keeps_its_own_name_tag()
    {
        var tags = Kit().Evaluate("sumSeries(a.x)")[0].Tags;
        Assert.Equal([new("name", "a.x"), new("aggregatedBy", "sum")], tags);
    }

    [Fact]
    public void MultiplySeries_returns_a_lone_series_unchanged()
    {
        var result = Kit().Evaluate("multiplySeries(a.x)");
        Assert.Equal("a.x [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]", FunctionTestKit.Describe(result));
        Assert.False(result[0].Tags.ContainsKey("aggregatedBy"));
        Assert.Equal("a.x", result[0].PathExpression);
    }

    [Fact]
    public void The_request_xFilesFactor_applies()
        => Assert.Equal(
            "averageSeries(a.*) [4.666666666666667, None, None, 15.666666666666666, 18.5, 0.0, None, 6.0, None, 4.333333333333333]",
            FunctionTestKit.Describe(Kit().Evaluate("averageSeries(a.*)", xFilesFactor: 0.7)));

    [Theory]
    [InlineData("sumSeries")]
    [InlineData("sum")]
    [InlineData("averageSeries")]
    [InlineData("avg")]
    [InlineData("stddevSeries")]
    [InlineData("minSeries")]
    [InlineData("maxSeries")]
    [InlineData("rangeOfSeries")]
    [InlineData("diffSeries")]
    [InlineData("multiplySeries")]
    public void Are_aggregators_over_series_lists(string name)
    {
        Assert.True(FunctionRegistry.Default.TryGet(name, out var definition));
        Assert.True(definition.IsAggregator);
        Assert.Equal(FunctionGroups.Combine, definition.Group);
        var parameter = Assert.Single(definition.Parameters);
        Assert.Equal(("seriesLists", ParamType.SeriesList, true, true), (parameter.Name, parameter.Type, parameter.Required, parameter.Multiple));
    }

    [Theory]
    [InlineData("sumSeries()", "Missing required parameter \"seriesLists\" for function \"sumSeries\"")]
    [InlineData("sum(1)", "Invalid \"seriesList\" value specified for function \"sum\" parameter \"seriesLists\"")]
    [InlineData("avg(a.x,\"b\")", "Invalid \"seriesList\" value specified for function \"avg\" parameter \"seriesLists\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
