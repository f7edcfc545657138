using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class GroupByNodesTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("groupByNode(srv.*.disk.*,3)",
        "total [8.0, 4.666666666666667, 9.0, 7.0, 6.0, 13.333333333333334]\n"
        + "used [3.0, 2.5, 4.0, 4.0, 2.6666666666666665, 4.666666666666667]")]
    [InlineData("groupByNode(srv.*.disk.*,3,\"sum\")",
        "total [24.0, 14.0, 18.0, 14.0, 18.0, 40.0]\nused [9.0, 5.0, 8.0, 12.0, 8.0, 14.0]")]
    [InlineData("groupByNode(srv.*.disk.*,3,\"sumSeries\")",
        "total [24.0, 14.0, 18.0, 14.0, 18.0, 40.0]\nused [9.0, 5.0, 8.0, 12.0, 8.0, 14.0]")]
    [InlineData("groupByNodes(srv.*.disk.*,\"max\",3,0)",
        "total.srv [10.0, 8.0, 10.0, 8.0, 10.0, 20.0]\nused.srv [5.0, 3.0, 5.0, 5.0, 5.0, 6.0]")]
    [InlineData("groupByNodes(srv.*.disk.*,\"asPercent\",1)",
        "s1 [90.9090909090909, 0.0, 100.0, None, 100.0, 76.92307692307693]\n"
        + "s2 [66.66666666666666, 66.66666666666666, None, 66.66666666666666, 0.0, 80.0]\n"
        + "s3 [100.0, None, 100.0, 100.0, 100.0, 100.0]\n"
        + "s4 [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]")]
    [InlineData("groupByNodes(srv.*.disk.*,\"count\")", " [6.0, 5.0, 4.0, 5.0, 6.0, 6.0]")]
    [InlineData("groupByNode(srv.*.disk.*,1,\"multiplySeries\")",
        "s1 [10.0, 0.0, None, None, 0.0, 120.0]\n"
        + "s2 [18.0, 18.0, None, 18.0, 0.0, 36.0]\n"
        + "s3 [5.0, None, 5.0, 5.0, 5.0, 5.0]\n"
        + "s4 [8.0, 8.0, 8.0, 8.0, 8.0, 8.0]")]
    [InlineData("groupByNode(srv.*.disk.*,1,\"group\")",
        "s1 [10.0, 0.0, 10.0, None, 10.0, 20.0]\n"
        + "s2 [6.0, 6.0, None, 6.0, 0.0, 12.0]\n"
        + "s3 [5.0, None, 5.0, 5.0, 5.0, 5.0]\n"
        + "s4 [8.0, 8.0, 8.0, 8.0, 8.0, 8.0]")]
    [InlineData("groupByNode(group(srv.s3.disk.used,srv.s1.disk.*),1,\"min\")",
        "s3 [5.0, None, 5.0, 5.0, 5.0, 5.0]\ns1 [1.0, 0.0, 10.0, 4.0, 0.0, 6.0]")]
    [InlineData("groupByNode(group(m.a,coarse.x),\"dc\",\"sum\")", " [5.5, 3.0, 13.5]")]
    [InlineData("groupByNode(nothing,1)", "")]
    public void Groups_in_first_seen_order_and_names_by_key(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, FunctionTestKit.Start, FunctionTestKit.Start + 360)));

    [Theory]
    [InlineData("groupByNode(srv.*.disk.*,3)", "averageSeries(srv.*.disk.*)", "average")]
    [InlineData("groupByNode(srv.*.disk.*,3,\"avg\")", "averageSeries(srv.*.disk.*)", "average")]
    [InlineData("groupByNode(srv.*.disk.*,3,\"total\")", "totalSeries(srv.*.disk.*)", "total")]
    [InlineData("groupByNode(srv.*.disk.*,\"name\",\"last\")", "srv.s1.disk.total", "last")]
    public void Keeps_the_tags_of_the_aggregate(string target, string nameTag, string aggregatedBy)
    {
        var first = Kit().Evaluate(target)[0];
        Assert.Equal(nameTag, first.Tags["name"]);
        Assert.Equal(aggregatedBy, first.Tags["aggregatedBy"]);
    }

    [Fact]
    public void Function_callbacks_keep_their_own_tags()
    {
        var first = Kit().Evaluate("groupByNode(srv.*.disk.*,1,\"group\")")[0];
        Assert.Equal("s1", first.Name);
        Assert.Equal("srv.s1.disk.total", first.Tags["name"]);
        Assert.False(first.Tags.ContainsKey("aggregatedBy"));
    }

    [Theory]
    [InlineData("groupByNode(srv.*.disk.*,1,\"bogus\")", "Unsupported aggregation function: bogus")]
    [InlineData("groupByNodes(srv.*.disk.*)", "Missing required parameter \"callback\" for function \"groupByNodes\"")]
    [InlineData("groupByNode(srv.*.disk.*)", "Missing required parameter \"nodeNum\" for function \"groupByNode\"")]
    public void Bad_callbacks_are_errors(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sumSeries")]
    [InlineData("max")]
    [InlineData("median")]
    public void Many_groups_combine_in_parallel_in_first_seen_order(string callback)
    {
        // 1,200 series in 400 groups: above the parallel threshold; hosts listed out of order to check the order kept.
        var kit = new FunctionTestKit();
        var hosts = Enumerable.Range(0, 400).Select(static h => (h * 7919) % 400).ToList();
        foreach (var core in new[] { 0, 1, 2 })
        {
            foreach (var host in hosts)
            {
                kit.Add($"fleet.h{host:000}.cpu-{core}.user", host, core, host + core, N);
            }
        }

        var result = kit.Evaluate($"groupByNode(fleet.*.cpu-*.user,1,\"{callback}\")");
        // The glob returns names sorted, so groups appear in host order.
        Assert.Equal(Enumerable.Range(0, 400).Select(static h => $"h{h:000}"), result.Select(static s => s.Name));
        var h123 = result[123];
        Assert.Equal(callback switch
        {
            "sumSeries" => [369, 3, 372, double.NaN],
            "max" => [123, 2, 125, double.NaN],
            _ => new double[] { 123, 1, 124, double.NaN },
        }, h123.Values);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("srv.s1.disk.used", 1, 2, N, 4, 0, 6)
        .Add("srv.s1.disk.total", 10, 0, 10, N, 10, 20)
        .Add("srv.s2.disk.used", 3, 3, 3, 3, 3, 3)
        .Add("srv.s2.disk.total", 6, 6, N, 6, 0, 12)
        .Add("srv.s3.disk.used", 5, N, 5, 5, 5, 5)
        .Add("srv.s4.disk.total", 8, 8, 8, 8, 8, 8)
        .Add("m.a", 1, 2, 3, N, 5, 6)
        .AddAt("coarse.x", FunctionTestKit.Start, 120, 4, N, 8);
}
