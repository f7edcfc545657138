using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class ApplyByNodeTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("applyByNode(srv.{s2,s1}.disk.used,1,\"asPercent(%.disk.used,%.disk.total)\",\"%.pct\")",
        "srv.s1.pct [10.0, None, None, None, 0.0, 30.0]\n"
        + "srv.s2.pct [50.0, 50.0, None, 50.0, None, 25.0]")]
    [InlineData("applyByNode(srv.*.disk.used,1,\"divideSeries(%.disk.used,%.disk.total)\")",
        "divideSeries(srv.s1.disk.used,srv.s1.disk.total) [0.1, None, None, None, 0.0, 0.3]\n"
        + "divideSeries(srv.s2.disk.used,srv.s2.disk.total) [0.5, 0.5, None, 0.5, None, 0.25]\n"
        + "divideSeries(srv.s3.disk.used,MISSING) [None, None, None, None, None, None]")]
    [InlineData("applyByNode(srv.*.disk.used,-3,\"group(%.*.*)\")",
        "srv.s1.disk.total [10.0, 0.0, 10.0, None, 10.0, 20.0]\n"
        + "srv.s1.disk.used [1.0, 2.0, None, 4.0, 0.0, 6.0]\n"
        + "srv.s2.disk.total [6.0, 6.0, None, 6.0, 0.0, 12.0]\n"
        + "srv.s2.disk.used [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\n"
        + "srv.s3.disk.used [5.0, None, 5.0, 5.0, 5.0, 5.0]")]
    [InlineData("applyByNode(srv.*.disk.used,0,\"%.s4.disk.total\",\"\")", "srv.s4.disk.total [8.0, 8.0, 8.0, 8.0, 8.0, 8.0]")]
    [InlineData("applyByNode(srv.*.disk.used,9,\"%\")", "srv.s1.disk.used [1.0, 2.0, None, 4.0, 0.0, 6.0]\nsrv.s2.disk.used [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]\nsrv.s3.disk.used [5.0, None, 5.0, 5.0, 5.0, 5.0]")]
    [InlineData("applyByNode(nothing,1,\"%\")", "")]
    public void Evaluates_the_template_once_per_prefix_in_sorted_order(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Results_take_the_prefix_as_path_and_the_last_input_series_range()
    {
        // graphite-web copies start and end from the last series of the input list (a leaked loop variable).
        var kit = Kit().AddAt("late.x.y", FunctionTestKit.Start + 120, 60, 1, 2);
        var result = kit.Evaluate("applyByNode(group(srv.s1.disk.used,late.x.y),1,\"%.disk.used\")");
        Assert.Equal("srv.s1.disk.used", result.Single().Name);
        Assert.Equal("srv.s1", result[0].PathExpression);
        Assert.Equal((FunctionTestKit.Start + 120, FunctionTestKit.Start + 240), (result[0].Start, result[0].End));
    }

    [Theory]
    [InlineData("applyByNode(srv.*.disk.used,\"x\",\"%\")", "Invalid \"node\" value")]
    [InlineData("applyByNode(srv.*.disk.used,1)", "Missing required parameter \"templateFunction\" for function \"applyByNode\"")]
    public void Bad_arguments_are_errors(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("srv.s1.disk.used", 1, 2, N, 4, 0, 6)
        .Add("srv.s1.disk.total", 10, 0, 10, N, 10, 20)
        .Add("srv.s2.disk.used", 3, 3, 3, 3, 3, 3)
        .Add("srv.s2.disk.total", 6, 6, N, 6, 0, 12)
        .Add("srv.s3.disk.used", 5, N, 5, 5, 5, 5)
        .Add("srv.s4.disk.total", 8, 8, 8, 8, 8, 8);
}
