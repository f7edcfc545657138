using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class AliasTests
{
    [Theory]
    [InlineData("alias(alias-special.a.*, \"x y\")", "x y " + AB + "\nx y " + AC)]
    [InlineData("alias-special.a.b|alias('new')", "new " + AB)]
    [InlineData("alias(alias-special.nothing.*, 'x')", "")]
    public void Renames_every_series(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Keeps_tags_and_path_expression()
    {
        var series = Assert.Single(Kit().Evaluate("alias(alias-special.a.b, 'x')"));
        Assert.Equal("alias-special.a.b", series.Tags["name"]);
        Assert.Equal("alias-special.a.b", series.PathExpression);
    }

    [Theory]
    [InlineData("alias(alias-special.a.b)", "Missing required parameter \"newName\" for function \"alias\"")]
    [InlineData("alias(alias-special.a.b, 'x', 'y')", "Too many parameters specified for function \"alias\"")]
    public void Bad_arguments(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
