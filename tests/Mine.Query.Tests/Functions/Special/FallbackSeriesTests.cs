using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class FallbackSeriesTests
{
    [Theory]
    [InlineData("fallbackSeries(alias-special.nothing.*, constantLine(1))", "1.0 [1.0, 1.0, 1.0]")]
    [InlineData("fallbackSeries(alias-special.a.b, constantLine(1))", "alias-special.a.b " + AB)]
    [InlineData("fallbackSeries(alias-special.nothing.*, alias-special.none.*)", "")]
    public void Uses_the_fallback_only_when_empty(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Needs_a_fallback()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("fallbackSeries(alias-special.a.b)"));
        Assert.StartsWith("Missing required parameter \"fallback\" for function \"fallbackSeries\"", error.Message, StringComparison.Ordinal);
    }
}
