using Mine.Query.Functions;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class AggregateWithWildcardsTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("h1.cpu.user", 1, 2, 3, 4, 5, 6)
        .Add("h1.cpu.sys", 1, 1, 1, 1, 1, 1)
        .Add("h2.cpu.user", 2, N, 2, N, 2, N)
        .Add("h2.cpu.sys", 3, 3, 3, 3, 3, 3);

    [Theory]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"sum\",0)", "cpu.sys [4.0, 4.0, 4.0, 4.0, 4.0, 4.0]\ncpu.user [3.0, 2.0, 5.0, 4.0, 7.0, 6.0]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"avg\",0,2)", "cpu [1.75, 2.0, 2.25, 2.6666666666666665, 2.75, 3.3333333333333335]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"sum\",2)", "h1.cpu [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]\nh2.cpu [5.0, 3.0, 5.0, 3.0, 5.0, 3.0]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"sum\",0,1,2)", " [7.0, 6.0, 9.0, 8.0, 11.0, 10.0]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"sum\",-1)", "h1.cpu.sys [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\nh1.cpu.user [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\nh2.cpu.sys [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\nh2.cpu.user [2.0, None, 2.0, None, 2.0, None]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"max\")", "h1.cpu.sys [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\nh1.cpu.user [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\nh2.cpu.sys [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\nh2.cpu.user [2.0, None, 2.0, None, 2.0, None]")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"sumSeries\",0)", "cpu.sys [4.0, 4.0, 4.0, 4.0, 4.0, 4.0]\ncpu.user [3.0, 2.0, 5.0, 4.0, 7.0, 6.0]")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*,2)", "h1.cpu [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]\nh2.cpu [5.0, 3.0, 5.0, 3.0, 5.0, 3.0]")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*,\"0\")", "cpu.sys [4.0, 4.0, 4.0, 4.0, 4.0, 4.0]\ncpu.user [3.0, 2.0, 5.0, 4.0, 7.0, 6.0]")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*,9)", "h1.cpu.sys [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\nh1.cpu.user [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\nh2.cpu.sys [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\nh2.cpu.user [2.0, None, 2.0, None, 2.0, None]")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*)", "h1.cpu.sys [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\nh1.cpu.user [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\nh2.cpu.sys [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\nh2.cpu.user [2.0, None, 2.0, None, 2.0, None]")]
    [InlineData("averageSeriesWithWildcards(h*.cpu.*,0)", "cpu.sys [2.0, 2.0, 2.0, 2.0, 2.0, 2.0]\ncpu.user [1.5, 2.0, 2.5, 4.0, 3.5, 6.0]")]
    [InlineData("multiplySeriesWithWildcards(h*.cpu.*,0)", "cpu.sys [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\ncpu.user [2.0, None, 6.0, None, 10.0, None]")]
    [InlineData("sumSeriesWithWildcards(scale(h*.cpu.*,1),0)", "cpu.sys,1) [4.0, 4.0, 4.0, 4.0, 4.0, 4.0]\ncpu.user,1) [3.0, 2.0, 5.0, 4.0, 7.0, 6.0]")]
    [InlineData("sumSeriesWithWildcards(nope.*,0)", "")]
    public void Group_and_aggregate_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Groups_come_in_first_seen_order()
    {
        var kit = new FunctionTestKit().Add("b.x.1", 1).Add("a.y.1", 2).Add("a.x.2", 3);
        Assert.Equal("x [4.0]\ny [2.0]", FunctionTestKit.Describe(kit.Evaluate("sumSeriesWithWildcards(*.*.*,0,2)")));
    }

    [Fact]
    public void Tags_keep_the_aggregated_name_and_the_shared_tags()
    {
        var result = Kit().Evaluate("sumSeriesWithWildcards(scale(h*.cpu.*,1),0)");
        Assert.Equal([new("scale", "1.0"), new("name", "sumSeries(scale(h1.cpu.sys,1),scale(h2.cpu.sys,1))"), new("aggregatedBy", "sum")], result[0].Tags);
        Assert.Equal([new("name", "averageSeries(h*.cpu.*)"), new("aggregatedBy", "average")], Kit().Evaluate("averageSeriesWithWildcards(h*.cpu.*,0)")[0].Tags);
    }

    [Fact]
    public void The_request_xFilesFactor_applies()
        => Assert.Equal(
            "cpu.sys [2.0, 2.0, 2.0, 2.0, 2.0, 2.0]\ncpu.user [1.5, None, 2.5, None, 3.5, None]",
            FunctionTestKit.Describe(Kit().Evaluate("averageSeriesWithWildcards(h*.cpu.*,0)", xFilesFactor: 0.6)));

    [Theory]
    [InlineData("sumSeriesWithWildcards", true)]
    [InlineData("averageSeriesWithWildcards", true)]
    [InlineData("multiplySeriesWithWildcards", true)]
    [InlineData("aggregateWithWildcards", false)]
    public void Aggregator_flags_follow_graphite_web(string name, bool aggregator)
    {
        Assert.True(FunctionRegistry.Default.TryGet(name, out var definition));
        Assert.Equal(aggregator, definition.IsAggregator);
    }

    [Theory]
    [InlineData("aggregateWithWildcards", "aggregateWithWildcards(seriesList, func, *positions)")]
    [InlineData("sumSeriesWithWildcards", "sumSeriesWithWildcards(seriesList, *position)")]
    public void Signatures_follow_the_python_ones(string name, string signature)
    {
        Assert.True(FunctionRegistry.Default.TryGet(name, out var definition));
        Assert.Equal(signature, definition.SignatureFor(name));
    }

    [Theory]
    [InlineData("aggregateWithWildcards(h*.cpu.*)", "Missing required parameter \"func\" for function \"aggregateWithWildcards\"")]
    [InlineData("aggregateWithWildcards(h*.cpu.*,\"nope\",1)", "Invalid option specified for function \"aggregateWithWildcards\" parameter \"func\"")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*,1.5)", "Invalid \"node\" value specified for function \"sumSeriesWithWildcards\" parameter \"position\"")]
    [InlineData("sumSeriesWithWildcards(h*.cpu.*,\"x\")", "Invalid \"node\" value specified for function \"sumSeriesWithWildcards\" parameter \"position\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
