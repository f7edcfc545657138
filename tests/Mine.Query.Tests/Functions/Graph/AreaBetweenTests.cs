using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Graph;

public class AreaBetweenTests
{
    [Fact]
    public void Stacks_the_pair_and_hides_the_lower_one()
    {
        var result = Kit().Evaluate("areaBetween(alias-special.a.*)");
        Assert.Equal("areaBetween(alias-special.a.*) " + AB + "\nareaBetween(alias-special.a.*) " + AC, FunctionTestKit.Describe(result));
        Assert.Equal(true, result[0].Options["stacked"]);
        Assert.Equal(true, result[0].Options["invisible"]);
        Assert.Equal(true, result[1].Options["stacked"]);
        Assert.False(result[1].Options.ContainsKey("invisible"));

        // Both carry the upper series' tags (one shared dict in graphite-web).
        Assert.Same(result[0].Tags, result[1].Tags);
        Assert.Equal("alias-special.a.c", result[0].Tags["name"]);
        Assert.Equal("1", result[0].Tags["areaBetween"]);
    }

    [Theory]
    [InlineData("areaBetween(alias-special.a.b)")]
    [InlineData("areaBetween(alias-special.*.v)")]
    public void Needs_exactly_two_series(string target)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.Contains("areaBetween series argument must reference *exactly* 2 series", error.Message, StringComparison.Ordinal);
    }
}
