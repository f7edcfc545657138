using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class AsPercentTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("asPercent(m.*)",
        "asPercent(m.a,sumSeries(m.*)) [33.33333333333333, 66.66666666666666, 27.27272727272727, None, 55.55555555555556, 26.08695652173913]\n"
        + "asPercent(m.b,sumSeries(m.*)) [66.66666666666666, None, 54.54545454545454, 72.72727272727273, 0.0, 52.17391304347826]\n"
        + "asPercent(m.c,sumSeries(m.*)) [0.0, 33.33333333333333, 18.181818181818183, 27.27272727272727, 44.44444444444444, 21.73913043478261]")]
    [InlineData("pct(m.{a,b},10)",
        "asPercent(m.a,10) [10.0, 20.0, 30.0, None, 50.0, 60.0]\n"
        + "asPercent(m.b,10) [20.0, None, 60.0, 80.0, 0.0, 120.0]")]
    [InlineData("asPercent(m.a,1.5)", "asPercent(m.a,1.5) [66.66666666666666, 133.33333333333331, 200.0, None, 333.33333333333337, 400.0]")]
    [InlineData("asPercent(m.a,true)", "asPercent(m.a,True) [100.0, 200.0, 300.0, None, 500.0, 600.0]")]
    [InlineData("asPercent(m.a,0)", "asPercent(m.a,0) [None, None, None, None, None, None]")]
    [InlineData("asPercent(m.*,m.c)",
        "asPercent(m.a,m.c) [None, 200.0, 150.0, None, 125.0, 120.0]\n"
        + "asPercent(m.b,m.c) [None, None, 300.0, 266.66666666666663, 0.0, 240.0]\n"
        + "asPercent(m.c,m.c) [None, 100.0, 100.0, 100.0, 100.0, 100.0]")]
    [InlineData("asPercent(m.{b,a},m.{c,a})",
        "asPercent(m.a,m.a) [100.0, 100.0, 100.0, None, 100.0, 100.0]\n"
        + "asPercent(m.b,m.c) [None, None, 300.0, 266.66666666666663, 0.0, 240.0]")]
    [InlineData("asPercent(m.*,srv.*.disk.used)",
        "asPercent(m.a,srv.s1.disk.used) [100.0, 100.0, None, None, None, 100.0]\n"
        + "asPercent(m.b,srv.s2.disk.used) [66.66666666666666, None, 200.0, 266.66666666666663, 0.0, 400.0]\n"
        + "asPercent(m.c,srv.s3.disk.used) [0.0, None, 40.0, 60.0, 80.0, 100.0]")]
    [InlineData("asPercent(m.{a,b},coarse.x)",
        "asPercent(m.a,coarse.x) [37.5, None, 68.75]\n"
        + "asPercent(m.b,coarse.x) [50.0, None, 75.0]")]
    [InlineData("asPercent(group(m.a,coarse.x))",
        "asPercent(m.a,sumSeries(m.a,coarse.x)) [27.27272727272727, 100.0, 40.74074074074074]\n"
        + "asPercent(coarse.x,sumSeries(m.a,coarse.x)) [72.72727272727273, None, 59.25925925925925]")]
    [InlineData("asPercent(group(m.a,coarse.x),3)",
        "asPercent(m.a,3) [50.0, 100.0, 183.33333333333331, None, None, None]\n"
        + "asPercent(coarse.x,3) [133.33333333333331, None, 266.66666666666663, None, None, None]")]
    [InlineData("asPercent(nothing.*,3)", "")]
    [InlineData("asPercent(m.a,\"abc\")", "")]
    public void Without_nodes_matches_graphite_web(string target, string expected)
    {
        if (target.Contains("abc", StringComparison.Ordinal))
        {
            // A string total only works while every value is None; here it is not.
            Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target, From, Until));
            return;
        }

        Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, From, Until)));
    }

    [Theory]
    [InlineData("asPercent(m.*,None,0)",
        "asPercent(m.a,sumSeries(m.*)) [33.33333333333333, 66.66666666666666, 27.27272727272727, None, 55.55555555555556, 26.08695652173913]\n"
        + "asPercent(m.b,sumSeries(m.*)) [66.66666666666666, None, 54.54545454545454, 72.72727272727273, 0.0, 52.17391304347826]\n"
        + "asPercent(m.c,sumSeries(m.*)) [0.0, 33.33333333333333, 18.181818181818183, 27.27272727272727, 44.44444444444444, 21.73913043478261]")]
    [InlineData("asPercent(srv.*.disk.used,srv.*.disk.total,1)",
        "asPercent(srv.s1.disk.used,srv.s1.disk.total) [10.0, None, None, None, 0.0, 30.0]\n"
        + "asPercent(srv.s2.disk.used,srv.s2.disk.total) [50.0, 50.0, None, 50.0, None, 25.0]\n"
        + "asPercent(srv.s3.disk.used,MISSING) [None, None, None, None, None, None]\n"
        + "asPercent(MISSING,srv.s4.disk.total) [None, None, None, None, None, None]")]
    [InlineData("asPercent(srv.*.disk.used,srv.*.disk.*,1)",
        "asPercent(srv.s1.disk.used,sumSeries(srv.*.disk.*)) [9.090909090909092, 100.0, None, 100.0, 0.0, 23.076923076923077]\n"
        + "asPercent(srv.s2.disk.used,sumSeries(srv.*.disk.*)) [33.33333333333333, 33.33333333333333, 100.0, 33.33333333333333, 100.0, 20.0]\n"
        + "asPercent(srv.s3.disk.used,srv.s3.disk.used) [100.0, None, 100.0, 100.0, 100.0, 100.0]\n"
        + "asPercent(MISSING,srv.s4.disk.total) [None, None, None, None, None, None]")]
    [InlineData("asPercent(srv.s4.disk.total,srv.*.disk.*,1)",
        "asPercent(srv.s4.disk.total,srv.s4.disk.total) [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]\n"
        + "asPercent(MISSING,sumSeries(srv.*.disk.*)) [None, None, None, None, None, None]\n"
        + "asPercent(MISSING,sumSeries(srv.*.disk.*)) [None, None, None, None, None, None]\n"
        + "asPercent(MISSING,srv.s3.disk.used) [None, None, None, None, None, None]")]
    [InlineData("asPercent(group(m.a,coarse.x,m.b),None,\"name\")",
        "asPercent(m.a,m.a) [100.0, 100.0, 100.0, None, 100.0, 100.0]\n"
        + "asPercent(coarse.x,coarse.x) [100.0, None, 100.0]\n"
        + "asPercent(m.b,m.b) [100.0, None, 100.0, 100.0, None, 100.0]")]
    [InlineData("pct(srv.*.disk.used,srv.*.disk.*,1,3)",
        "asPercent(srv.s1.disk.used,srv.s1.disk.used) [100.0, 100.0, None, 100.0, None, 100.0]\n"
        + "asPercent(srv.s2.disk.used,srv.s2.disk.used) [100.0, 100.0, 100.0, 100.0, 100.0, 100.0]\n"
        + "asPercent(srv.s3.disk.used,srv.s3.disk.used) [100.0, None, 100.0, 100.0, 100.0, 100.0]\n"
        + "asPercent(MISSING,srv.s1.disk.total) [None, None, None, None, None, None]\n"
        + "asPercent(MISSING,srv.s2.disk.total) [None, None, None, None, None, None]\n"
        + "asPercent(MISSING,srv.s4.disk.total) [None, None, None, None, None, None]")]
    public void With_nodes_matches_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, From, Until)));

    [Fact]
    public void Without_nodes_a_consolidated_series_keeps_its_raw_step()
    {
        // graphite-web builds the result from series.start/end/step although the points are consolidated.
        var result = Kit().Evaluate("asPercent(m.{a,b},coarse.x)", From, Until);
        Assert.Equal((From, Until, 60L), (result[0].Start, result[0].End, result[0].Step));
        Assert.Equal("asPercent(m.a,coarse.x)", result[0].Tags["name"]);

        var matched = Kit().Evaluate("asPercent(m.a,coarse.x)", From, Until)[0];
        Assert.Equal(120, matched.Step);
    }

    [Fact]
    public void Missing_series_take_the_range_of_the_last_normalize()
    {
        // srv.s1.disk.total and srv.s1.disk.used are summed into a 60 s total; the MISSING series that follow
        // take that range.
        var result = Kit().Evaluate("asPercent(coarse.x,srv.s1.disk.*,1)", From, Until);
        Assert.Equal("asPercent(coarse.x,MISSING) [None, None, None]\nasPercent(MISSING,sumSeries(srv.s1.disk.*)) [None, None, None, None, None, None]", FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal(60, s.Step));
    }

    [Theory]
    [InlineData("asPercent(m.a,5,1)", "asPercent(): total must be None or a seriesList")]
    [InlineData("asPercent(m.a,m.*)", "asPercent(): asPercent second argument must be missing, a single digit, reference exactly 1 series or reference the same number of series as the first argument")]
    [InlineData("asPercent(m.a,nothing.*)", "asPercent(): asPercent second argument must be missing")]
    [InlineData("asPercent(m.a,srv.s1.disk.used,1)", "asPercent(): cannot build asPercent(m.a,MISSING)")]
    [InlineData("asPercent(srv.*.disk.used,srv.*.disk.total,1,3)", "asPercent(): cannot build asPercent(srv.s1.disk.used,MISSING)")]
    public void Bad_totals_are_errors(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target, From, Until));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_total_passes_while_every_value_is_none()
    {
        var kit = new FunctionTestKit().Add("x.y", N, N);
        Assert.Equal("asPercent(x.y,abc) [None, None]", FunctionTestKit.Describe(kit.Evaluate("asPercent(x.y,'abc')")));
    }

    private const long From = FunctionTestKit.Start;
    private const long Until = FunctionTestKit.Start + 360;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("m.a", 1, 2, 3, N, 5, 6)
        .Add("m.b", 2, N, 6, 8, 0, 12)
        .Add("m.c", 0, 1, 2, 3, 4, 5)
        .Add("srv.s1.disk.used", 1, 2, N, 4, 0, 6)
        .Add("srv.s1.disk.total", 10, 0, 10, N, 10, 20)
        .Add("srv.s2.disk.used", 3, 3, 3, 3, 3, 3)
        .Add("srv.s2.disk.total", 6, 6, N, 6, 0, 12)
        .Add("srv.s3.disk.used", 5, N, 5, 5, 5, 5)
        .Add("srv.s4.disk.total", 8, 8, 8, 8, 8, 8)
        .AddAt("coarse.x", FunctionTestKit.Start, 120, 4, N, 8);
}
