using Mine.Query.Tests.Functions.Alias;
using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Graph;

/// <summary>alpha, color, lineWidth, dashed, drawAsInfinite, secondYAxis: drawing options, names and tags.</summary>
public class DrawingOptionTests
{
    [Theory]
    [InlineData("alpha(alias-special.a.b, 0.5)", "alias-special.a.b", "alpha", 0.5)]
    [InlineData("alpha(alias-special.a.b, 1)", "alias-special.a.b", "alpha", 1.0)]
    [InlineData("color(alias-special.a.b, \"red\")", "alias-special.a.b", "color", "red")]
    [InlineData("lineWidth(alias-special.a.b, 3)", "alias-special.a.b", "lineWidth", 3.0)]
    [InlineData("dashed(alias-special.a.b)", "dashed(alias-special.a.b, 5)", "dashed", 5L)]
    [InlineData("dashed(alias-special.a.b, 3)", "dashed(alias-special.a.b, 3)", "dashed", 3L)]
    [InlineData("drawAsInfinite(alias-special.a.b)", "drawAsInfinite(alias-special.a.b)", "drawAsInfinite", true)]
    [InlineData("secondYAxis(alias-special.a.b)", "secondYAxis(alias-special.a.b)", "secondYAxis", true)]
    public void Sets_the_option_and_keeps_the_values(string target, string name, string option, object value)
    {
        var series = Assert.Single(Kit().Evaluate(target));
        Assert.Equal(name, series.Name);
        Assert.Equal(value, series.Options[option]);
        Assert.Equal(name + " " + AB, FunctionTestKit.Describe([series]));
    }

    [Theory]
    [InlineData("dashed(alias-special.a.b)", "dashed", "5")]
    [InlineData("drawAsInfinite(alias-special.a.b)", "drawAsInfinite", "1")]
    [InlineData("secondYAxis(alias-special.a.b)", "secondYAxis", "1")]
    public void Tags_like_graphite_web(string target, string tag, string value)
    {
        var series = Assert.Single(Kit().Evaluate(target));
        Assert.Equal(["name", tag], series.Tags.Keys);
        Assert.Equal(value, series.Tags[tag]);
    }

    [Theory]
    [InlineData("alpha(alias-special.a.b)", "Missing required parameter \"alpha\" for function \"alpha\"")]
    [InlineData("color(alias-special.a.b)", "Missing required parameter \"theColor\" for function \"color\"")]
    [InlineData("lineWidth(alias-special.a.b, 'x')", "Invalid \"float\" value specified for function \"lineWidth\" parameter \"width\"")]
    [InlineData("dashed(alias-special.a.b, 2.5)", "Invalid \"integer\" value specified for function \"dashed\" parameter \"dashLength\"")]
    public void Bad_arguments(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
