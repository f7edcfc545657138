using Mine.Query.Evaluation;
using Mine.Query.Functions.Combine;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class MapSeriesTests
{
    [Theory]
    [InlineData("mapSeries(srv.*.disk.*,1)", "srv.s1.disk.total,srv.s1.disk.used|srv.s2.disk.total,srv.s2.disk.used|srv.s3.disk.used|srv.s4.disk.total")]
    [InlineData("map(srv.*.disk.*,3)", "srv.s1.disk.total,srv.s2.disk.total,srv.s4.disk.total|srv.s1.disk.used,srv.s2.disk.used,srv.s3.disk.used")]
    [InlineData("mapSeries(srv.*.disk.*,0,2)", "srv.s1.disk.total,srv.s1.disk.used,srv.s2.disk.total,srv.s2.disk.used,srv.s3.disk.used,srv.s4.disk.total")]
    [InlineData("mapSeries(group(srv.s3.disk.used,srv.s1.disk.*),1)", "srv.s3.disk.used|srv.s1.disk.total,srv.s1.disk.used")]
    [InlineData("mapSeries(srv.*.disk.*,\"dc\")", "srv.s1.disk.total,srv.s1.disk.used,srv.s2.disk.total,srv.s2.disk.used,srv.s3.disk.used,srv.s4.disk.total")]
    [InlineData("mapSeries(seriesByTag(\"dc=a\"),\"dc\",1)", "x;dc=a")]
    [InlineData("mapSeries(nothing,1)", "")]
    public void Groups_by_nodes_or_tags_in_first_seen_order(string target, string expected)
    {
        var result = Assert.IsType<SeriesListCollection>(Evaluate(target));
        Assert.Equal(expected, string.Join('|', result.Lists.Select(list => string.Join(',', list.Select(s => s.Name)))));

        // Anywhere but reduceSeries the result is the concatenation of the lists.
        Assert.Equal(result.Lists.SelectMany(l => l), result);
    }

    [Fact]
    public void Needs_at_least_one_node()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Evaluate("mapSeries(srv.*.disk.*)"));
        Assert.StartsWith("Missing required parameter \"mapNodes\" for function \"mapSeries\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One target as the function returned it (the kit's Evaluate copies results into a plain list).</summary>
    private static List<TimeSeries> Evaluate(string target) => TargetEvaluator.Default.EvaluateTarget(target, Kit().Context());

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("srv.s1.disk.used", 1)
        .Add("srv.s1.disk.total", 10)
        .Add("srv.s2.disk.used", 3)
        .Add("srv.s2.disk.total", 6)
        .Add("srv.s3.disk.used", 5)
        .Add("srv.s4.disk.total", 8)
        .Add("x;dc=a", 1);
}
