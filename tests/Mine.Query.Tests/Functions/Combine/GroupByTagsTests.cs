using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class GroupByTagsTests
{
    private const double N = double.NaN;

    private const string EastAndWest = "group(seriesByTag('name=cbtag.cpu','dc=east'),seriesByTag('name=cbtag.cpu','dc=west'))";

    [Theory]
    [InlineData("seriesByTag('name=cbtag.cpu','dc=east')|groupByTags('sum','dc')", "cbtag.cpu;dc=east [4.0, 2.0, 8.0, 6.0, 12.0, 14.0]")]
    [InlineData("seriesByTag('dc=east')|groupByTags('sum','dc')", "sum;dc=east [104.0, 102.0, 108.0, 106.0, 112.0, 114.0]")]
    [InlineData("seriesByTag('dc=east')|groupByTags('sum','name')", "cbtag.cpu [4.0, 2.0, 8.0, 6.0, 12.0, 14.0]\ncbtag.mem [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]")]
    [InlineData("seriesByTag('dc=east')|groupByTags('avg','host','name')",
        "cbtag.cpu;host=h1 [1.0, 2.0, 3.0, None, 5.0, 6.0]\n"
        + "cbtag.cpu;host=h2 [3.0, None, 5.0, 6.0, 7.0, 8.0]\n"
        + "cbtag.mem;host=h1 [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]")]
    [InlineData(EastAndWest + "|groupByTags('group','dc')",
        "cbtag.cpu;dc=east [1.0, 2.0, 3.0, None, 5.0, 6.0]\n"
        + "cbtag.cpu;dc=west [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]")]
    [InlineData(EastAndWest + "|groupByTags('average','host','dc')",
        "cbtag.cpu;dc=east;host=h1 [1.0, 2.0, 3.0, None, 5.0, 6.0]\n"
        + "cbtag.cpu;dc=east;host=h2 [3.0, None, 5.0, 6.0, 7.0, 8.0]\n"
        + "cbtag.cpu;dc=west;host=h3 [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]")]
    [InlineData(EastAndWest + "|groupByTags('average','name','dc')",
        "cbtag.cpu;dc=east [2.0, 2.0, 4.0, 6.0, 6.0, 7.0]\n"
        + "cbtag.cpu;dc=west [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]")]
    [InlineData(EastAndWest + "|groupByTags('asPercent','dc')",
        "cbtag.cpu;dc=east [25.0, 100.0, 37.5, None, 41.66666666666667, 42.857142857142854]\n"
        + "cbtag.cpu;dc=west [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]")]
    [InlineData("groupByTags(nothing,'sum','dc')", "")]
    public void Groups_by_tag_values_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Results_are_tagged_series_named_by_their_key()
    {
        var result = Kit().Evaluate("seriesByTag('dc=east')|groupByTags('sum','host','dc')");
        Assert.Equal(["sum;dc=east;host=h1", "sum;dc=east;host=h2"], result.Select(s => s.Name));
        Assert.Equal("sum;dc=east;host=h1", result[0].PathExpression);
        Assert.Equal(["dc=east", "host=h1", "name=sum"], result[0].Tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Theory]
    [InlineData("seriesByTag('name=cbtag.cpu')|groupByTags('sum','dc')", "groupByTags(): cannot parse cbtag.cpu;dc= as a tagged series name")]
    [InlineData("seriesByTag('name=cbtag.cpu')|groupByTags('sum',3)", "groupByTags(): tags must be strings")]
    [InlineData("seriesByTag('name=cbtag.cpu')|groupByTags('sum')", "Missing required parameter \"tags\" for function \"groupByTags\"")]
    [InlineData("seriesByTag('name=cbtag.cpu')|groupByTags('bogus','dc')", "Unsupported aggregation function: bogus")]
    public void Bad_input_is_an_error(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("cbtag.cpu;dc=east;host=h1", 1, 2, 3, N, 5, 6)
        .Add("cbtag.cpu;dc=east;host=h2", 3, N, 5, 6, 7, 8)
        .Add("cbtag.cpu;dc=west;host=h3", 10, 20, 30, 40, 50, 60)
        .Add("cbtag.cpu;host=h4", 7, 7, 7, 7, 7, 7)
        .Add("cbtag.mem;dc=east;host=h1", 100, 100, 100, 100, 100, 100);
}
