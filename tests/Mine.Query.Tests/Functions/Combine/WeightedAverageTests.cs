using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class WeightedAverageTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("weightedAverage(w.*.mean,w.*.count,1)", "weightedAverage(w.*.mean, w.*.count, 1) [6.25, 11.6, 7.0, 3.4285714285714284, 31.25, 43.333333333333336]")]
    [InlineData("weightedAverage(w.*.mean,w.*.count)", "weightedAverage(w.*.mean, w.*.count, ) [3.75, 3.6, 7.0, 3.4285714285714284, None, 3.3333333333333335]")]
    [InlineData("weightedAverage(group(w.y.mean,w.x.mean),group(w.x.count,w.y.count),1)", "weightedAverage(w.x.mean,w.y.mean, w.x.count,w.y.count, 1) [6.25, 11.6, 7.0, 3.4285714285714284, 31.25, 43.333333333333336]")]
    [InlineData("weightedAverage(w.x.mean,w.z,0)", "weightedAverage(w.x.mean, w.z, 0) [10.0, None, 30.0, None, None, None]")]
    [InlineData("weightedAverage(w.*.mean,w.*.count,1,\"name\")", "")]
    [InlineData("weightedAverage(w.*.mean,w.*.count,2)", "")]
    [InlineData("weightedAverage(nothing,nothing,1)", "")]
    public void Matches_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, FunctionTestKit.Start, FunctionTestKit.Start + 360)));

    [Fact]
    public void Names_nodes_as_python_str()
    {
        var result = Kit().Evaluate("weightedAverage(w.*.mean,w.*.count,1,-3)");
        Assert.Equal("weightedAverage(w.*.mean, w.*.count, 1,-3)", result.Single().Name);
        Assert.Equal(result[0].Name, result[0].Tags["name"]);
    }

    [Theory]
    [InlineData("weightedAverage(w.*.mean,w.x.count,1)", "weightedAverage(): weightedAverage must receive the same number of series for seriesListAvg and seriesListWeight but received respectively 2 and 1")]
    [InlineData("weightedAverage(w.*.mean)", "Missing required parameter \"seriesListWeight\" for function \"weightedAverage\"")]
    public void Unequal_lists_are_an_error(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("w.x.mean", 10, 20, 30, N, 50, 60)
        .Add("w.x.count", 1, 2, N, 4, 5, 6)
        .Add("w.y.mean", 5, 6, 7, 8, N, 10)
        .Add("w.y.count", 3, 3, 3, 3, 3, 3)
        .AddAt("w.z", FunctionTestKit.Start, 120, 4, N, 8);
}
