using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class SubstrTests
{
    [Theory]
    [InlineData("substr(alias-special.a.b)", "alias-special.a.b")]
    [InlineData("substr(alias-special.a.b, 1)", "a.b")]
    [InlineData("substr(alias-special.a.b, 1, 2)", "a")]
    [InlineData("substr(alias-special.a.b, -2)", "a.b")]
    [InlineData("substr(alias-special.a.b, 0, -1)", "alias-special.a")]
    [InlineData("substr(alias-special.a.b, 5)", "")]
    [InlineData("substr(alias-special.a.b, -9, 1)", "alias-special")]
    [InlineData("substr(scale(alias-special.a.b, 2), 1)", "a.b")]
    [InlineData("substr(alias(alias-special.a.b, \"x.(y).z\"), 0)", "y")]
    [InlineData("substr(alias(alias-special.a.b, \"f(a.b,c.d)\"), 1)", "b")]
    [InlineData("substr(alias(alias-special.a.b, \"a.b)c(d.e\"), 0)", "")]
    public void Slices_the_nodes_of_the_innermost_path(string target, string expected)
        => Assert.Equal(expected, Assert.Single(Kit().Evaluate(target)).Name);

    [Fact]
    public void Keeps_values()
        => Assert.Equal("a.b " + AB, FunctionTestKit.Describe(Kit().Evaluate("substr(alias-special.a.b, 1)")));
}
