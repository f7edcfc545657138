using Mine.Query;
using Xunit;

namespace Mine.Query.Tests.Functions.Fleet;

public class TimeToLimitTests
{
    /// <summary>A disk filling one unit a minute (used 0 → 59, free the rest of 100), a flat one and a noisy one.</summary>
    private static FunctionTestKit Disks()
    {
        var random = new Random(3);
        return new FunctionTestKit()
            .Add("h.df-var.used", [.. Enumerable.Range(0, 60).Select(i => (double)i)])
            .Add("h.df-var.free", [.. Enumerable.Range(0, 60).Select(i => 100.0 - i)])
            .Add("h.df-root.used", [.. Enumerable.Range(0, 60).Select(_ => 40.0)])
            .Add("h.df-tmp.used", [.. Enumerable.Range(0, 60).Select(_ => 40 + random.NextDouble())]);
    }

    [Fact]
    public void Hours_until_a_number_are_the_remaining_units_at_the_fitted_rate()
    {
        var result = Assert.Single(Disks().Evaluate("timeToLimit(h.df-var.used,100,'10min')"));
        Assert.Equal("timeToLimit(h.df-var.used)", result.Name);
        var points = result.GetPoints();
        Assert.Equal(41.0 / 60, points[59], 9); // at 59, one a minute: 41 minutes to 100
        Assert.Equal(90.0 / 60, points[10], 9);
        Assert.True(double.IsNaN(points[3]), "four points are under half the ten-point window");
        Assert.Equal(96.0 / 60, points[4], 9);
    }

    [Fact]
    public void A_limit_series_gives_the_same_hours_as_the_number_it_equals()
    {
        var bySeries = Assert.Single(Disks().Evaluate("timeToLimit(h.df-var.used,sumSeries(h.df-var.{used,free}),'10min')")).GetPoints();
        var byNumber = Assert.Single(Disks().Evaluate("timeToLimit(h.df-var.used,100,'10min')")).GetPoints();
        Assert.Equal(byNumber, bySeries);
    }

    [Fact]
    public void Flat_and_noisy_series_never_reach_their_limit_and_past_the_limit_is_zero()
    {
        var result = Disks().Evaluate("timeToLimit(h.df-{root,tmp}.used,100,'30min')");
        Assert.Equal(2, result.Count);
        Assert.All(result, s => Assert.All(s.GetPoints(), v => Assert.True(double.IsNaN(v))));
        var full = Assert.Single(Disks().Evaluate("timeToLimit(h.df-var.used,30,'10min')")).GetPoints();
        Assert.Equal(0, full[59]);
    }

    [Fact]
    public void One_spike_does_not_change_the_answer()
    {
        var used = Enumerable.Range(0, 60).Select(i => (double)i).ToArray();
        used[55] = 5000;
        var kit = new FunctionTestKit().Add("h.used", used);
        var points = Assert.Single(kit.Evaluate("timeToLimit(h.used,100,'20min')")).GetPoints();
        Assert.Equal(41.0 / 60, points[59], 9);
    }

    [Theory]
    [InlineData("timeToLimit(h.df-var.used,100,'1d')", "at most 400")]
    [InlineData("timeToLimit(h.df-var.used,'x')", "limit must be a number or a series list")]
    [InlineData("timeToLimit(h.df-var.used,100,'10min',2)", "minTau must be between -1 and 1")]
    [InlineData("timeToLimit(h.df-var.used,h.df-*.used)", "1 series or as many series")]
    public void Bad_arguments_say_what_to_give(string target, string message)
        => Assert.Contains(message, Assert.Throws<QueryArgumentException>(() => Disks().Evaluate(target)).Message, StringComparison.Ordinal);
}
