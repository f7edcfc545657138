using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class ReduceSeriesTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("reduceSeries(mapSeries(srv.{s1,s2}.disk.*,1),\"asPercent\",3,\"used\",\"total\")",
        "srv.s1.disk.reduce.asPercent [10.0, None, None, None, 0.0, 30.0]\n"
        + "srv.s2.disk.reduce.asPercent [50.0, 50.0, None, 50.0, None, 25.0]")]
    [InlineData("reduce(map(srv.{s1,s2}.disk.*,1),\"divideSeries\",3,\"total\",\"used\")",
        "srv.s1.disk.reduce.divideSeries [10.0, 0.0, None, None, None, 3.3333333333333335]\n"
        + "srv.s2.disk.reduce.divideSeries [2.0, 2.0, None, 2.0, 0.0, 4.0]")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"group\",-1,\"used\")",
        "srv.s1.disk.reduce.group [1.0, 2.0, None, 4.0, 0.0, 6.0]\n"
        + "srv.s2.disk.reduce.group [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\n"
        + "srv.s3.disk.reduce.group [5.0, None, 5.0, 5.0, 5.0, 5.0]")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,\"name\"),\"group\",0,\"srv\")", ".reduce.group [8.0, 8.0, 8.0, 8.0, 8.0, 8.0]")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"asPercent\",3,\"nomatch\",3)", "")]
    [InlineData("reduceSeries(mapSeries(nothing,1),\"asPercent\",3,\"used\")", "")]
    public void Reduces_each_mapped_list_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Keeps_the_tags_and_path_of_the_reduced_series()
    {
        var result = Kit().Evaluate("reduceSeries(mapSeries(srv.{s1,s2}.disk.*,1),\"asPercent\",3,\"used\",\"total\")")[0];
        Assert.Equal("asPercent(srv.s1.disk.used,srv.s1.disk.total)", result.Tags["name"]);
        Assert.Equal("asPercent(srv.s1.disk.used,srv.s1.disk.total)", result.PathExpression);
    }

    [Theory]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"asPercent\",3,\"used\",\"total\")", "reduceSeries(): no series matched \"total\" for srv.s3.disk.reduce.asPercent")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"asPercent\",7,\"used\")", "reduceSeries(): node 7 is out of range for series srv.s1.disk.total")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"nosuchfunction\",3,\"used\")", "Received request for unknown function: nosuchfunction")]
    [InlineData("reduceSeries(srv.*.disk.*,\"asPercent\",3,\"used\")", "reduceSeries(): seriesLists must be a list of series lists")]
    [InlineData("reduceSeries(mapSeries(srv.*.disk.*,1),\"asPercent\",3)", "Missing required parameter \"reduceMatchers\" for function \"reduceSeries\"")]
    public void Unusable_input_is_an_error(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("srv.s1.disk.used", 1, 2, N, 4, 0, 6)
        .Add("srv.s1.disk.total", 10, 0, 10, N, 10, 20)
        .Add("srv.s2.disk.used", 3, 3, 3, 3, 3, 3)
        .Add("srv.s2.disk.total", 6, 6, N, 6, 0, 12)
        .Add("srv.s3.disk.used", 5, N, 5, 5, 5, 5)
        .Add("srv.s4.disk.total", 8, 8, 8, 8, 8, 8);
}
