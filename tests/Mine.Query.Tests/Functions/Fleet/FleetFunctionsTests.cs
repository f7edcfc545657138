using Mine.Query.Functions.Fleet;
using Xunit;

namespace Mine.Query.Tests.Functions.Fleet;

public class FleetFunctionsTests
{
    /// <summary>Eight web servers near load 1.0, web-7 hot for the last half, web-8 idle throughout.</summary>
    private static FunctionTestKit Fleet()
    {
        var kit = new FunctionTestKit();
        for (var host = 1; host <= 6; host++)
        {
            kit.Add($"web.web-{host}.load", [.. Enumerable.Range(0, 10).Select(t => 1.0 + (0.01 * host) + (0.005 * (t % 3)))]);
        }

        kit.Add("web.web-7.load", [.. Enumerable.Range(0, 10).Select(t => t < 5 ? 1.02 : 6.0)]);
        kit.Add("web.web-8.load", [.. Enumerable.Range(0, 10).Select(_ => 0.0)]);
        return kit;
    }

    [Fact]
    public void Outliers_over_the_whole_range_keep_the_member_beyond_k_most_of_the_time()
    {
        var result = Fleet().Evaluate("outliers(web.*.load)");
        // web-7 is ~200 deviations out for half the range, web-8 ~45 for all of it: the median |score| ranks web-7 first.
        Assert.Equal(["web.web-7.load", "web.web-8.load"], result.Select(s => s.Name));
        Assert.Equal("above", result[0].Tags["outlier"]);
        Assert.Equal("below", result[1].Tags["outlier"]);
    }

    [Theory]
    [InlineData("outliers(web.*.load, 3, 4)", "web.web-7.load,web.web-8.load")]
    [InlineData("outliers(web.*.load, 3, \"4min\", 0.5, \"above\")", "web.web-7.load")]
    [InlineData("outliers(web.*.load, direction=\"below\")", "web.web-8.load")]
    [InlineData("outliers(web.*.load, 3, 10, 0.9, \"above\")", "")]
    [InlineData("outliers(web.web-{1,2}.load)", "")]
    public void Window_fraction_and_direction_select_the_landmines(string target, string expected)
        => Assert.Equal(expected, string.Join(",", Fleet().Evaluate(target).Select(s => s.Name)));

    [Fact]
    public void A_member_differing_from_an_identical_group_is_an_outlier()
    {
        var kit = new FunctionTestKit().Add("g.a", 5, 5).Add("g.b", 5, 5).Add("g.c", 5, 5).Add("g.d", 5, 9);
        var result = kit.Evaluate("outliers(g.*, 3, 1)");
        Assert.Equal("g.d", Assert.Single(result).Name);
        Assert.Equal("inf", result[0].Tags["outlierScore"]);
    }

    [Fact]
    public void Robust_scores_use_median_and_scaled_mad()
    {
        var scores = RobustStatistics.Scores([[1.0], [2.0], [3.0], [4.0], [100.0]]);

        // median 3, |deviations| 2,1,0,1,97 → MAD 1 → scale 1.4826
        Assert.Equal(-2 / 1.4826, scores[0][0], 12);
        Assert.Equal(0, scores[2][0]);
        Assert.Equal(97 / 1.4826, scores[4][0], 12);
    }

    [Fact]
    public void Robust_score_needs_three_members_at_a_point()
    {
        var scores = RobustStatistics.Scores([[1.0, 1.0], [2.0, double.NaN], [3.0, double.NaN]]);
        Assert.True(double.IsNaN(scores[0][1]));
        Assert.False(double.IsNaN(scores[0][0]));
    }

    [Fact]
    public void Robust_score_series_are_named_and_capped()
    {
        var kit = new FunctionTestKit().Add("g.a", 5).Add("g.b", 5).Add("g.c", 5).Add("g.d", 9);
        Assert.Equal(
            "robustScore(g.a) [0.0]\nrobustScore(g.b) [0.0]\nrobustScore(g.c) [0.0]\nrobustScore(g.d) [1000000.0]",
            FunctionTestKit.Describe(kit.Evaluate("robustScore(g.*)")));
    }

    [Fact]
    public void Band_is_min_median_average_max_in_one_call()
    {
        var kit = new FunctionTestKit().Add("g.a", 1, double.NaN).Add("g.b", 2, 4).Add("g.c", 6, 8);
        var result = kit.Evaluate("band(g.*)");
        Assert.Equal("minSeries(g.*) [1.0, 4.0]\nmedianSeries(g.*) [2.0, 6.0]\naverageSeries(g.*) [3.0, 6.0]\nmaxSeries(g.*) [6.0, 8.0]", FunctionTestKit.Describe(result));
        Assert.Equal(["min", "median", "average", "max"], result.Select(s => s.Tags["band"]));
    }

    [Theory]
    [InlineData("inliers(web.*.load)", "web.web-1.load,web.web-2.load,web.web-3.load,web.web-4.load,web.web-5.load,web.web-6.load")]
    [InlineData("inliers(web.*.load, 3, \"4min\", 0.5, \"above\")", "web.web-1.load,web.web-2.load,web.web-3.load,web.web-4.load,web.web-5.load,web.web-6.load,web.web-8.load")]
    [InlineData("inliers(web.*.load, 3, 10, 0.9, \"above\")", "web.web-1.load,web.web-2.load,web.web-3.load,web.web-4.load,web.web-5.load,web.web-6.load,web.web-7.load,web.web-8.load")]
    [InlineData("inliers(web.web-{1,7}.load)", "web.web-1.load,web.web-7.load")]
    public void Inliers_are_the_members_outliers_leaves_out_in_their_order(string target, string expected)
        => Assert.Equal(expected, string.Join(",", Fleet().Evaluate(target).Select(s => s.Name)));

    [Fact]
    public void The_band_of_the_inliers_is_the_healthy_range_the_landmines_do_not_stretch()
    {
        var kit = Fleet();
        var all = kit.Evaluate("band(web.*.load)");
        var healthy = kit.Evaluate("band(inliers(web.*.load))");
        // Over every member the landmines are the edges: web-8 idles at 0, web-7 runs at 6.
        Assert.Equal(0.0, all[0].GetPoints()[9]);
        Assert.Equal(6.0, all[3].GetPoints()[9]);
        // Without them the band is the six healthy servers' 1.01..1.07.
        Assert.All(healthy[0].GetPoints(), v => Assert.InRange(v, 1.01, 1.0201));
        Assert.All(healthy[3].GetPoints(), v => Assert.InRange(v, 1.06, 1.0701));
    }

    [Theory]
    [InlineData("outliers(web.*.load, -1)", "k must be zero or more")]
    [InlineData("outliers(web.*.load, 3, 5, 0)", "minFraction must be above 0")]
    [InlineData("outliers(web.*.load, 3, \"soon\")", "Invalid")]
    [InlineData("outliers(web.*.load, 3, 5, 0.5, \"sideways\")", "Invalid option")]
    public void Bad_arguments_are_explained(string target, string message)
        => Assert.Contains(message, Assert.Throws<QueryArgumentException>(() => Fleet().Evaluate(target)).Message, StringComparison.Ordinal);
}
