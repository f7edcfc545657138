using Mine.Query.Evaluation;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Evaluation;

public class TargetEvaluatorTests
{
    private static FunctionTestKit Kit() => new FunctionTestKit().Add("a.b.c", 1, 2).Add("a.x.c", 3, 4).Add("n.5", 7, 8);

    [Theory]
    [InlineData("template(a.$n.c, n=\"b\")", "a.b.c [1.0, 2.0]")]
    [InlineData("template(a.$1.c, \"x\")", "a.x.c [3.0, 4.0]")]
    [InlineData("template(scale(a.b.c, $f), f=2)", "scale(a.b.c,2) [2.0, 4.0]")]
    [InlineData("template(scale(a.b.c, $f), f=\"0.5\")", "scale(a.b.c,0.5) [0.5, 1.0]")]
    [InlineData("template(n.$k, k=5)", "n.5 [7.0, 8.0]")]
    public void Template_replaces_variables_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Request_template_parameters_override_the_defaults()
    {
        var result = Kit().Evaluate("template(a.$n.c, n=\"b\")", template: new Dictionary<string, string> { ["n"] = "x" });
        Assert.Equal("a.x.c [3.0, 4.0]", FunctionTestKit.Describe(result));
    }

    [Fact]
    public void Globs_come_back_sorted_by_name_with_their_path_expression()
    {
        var result = Kit().Evaluate("a.*.c");
        Assert.Equal(["a.b.c", "a.x.c"], result.Select(s => s.Name));
        Assert.All(result, s => Assert.Equal("a.*.c", s.PathExpression));
    }

    [Fact]
    public void Each_use_of_a_path_gets_its_own_copy()
    {
        var result = Kit().Evaluate("scale(a.b.c,2)", from: null);
        var again = Kit().Evaluate("a.b.c");
        Assert.Equal(2.0, result[0].Values[0]);
        Assert.Equal(1.0, again[0].Values[0]);
    }

    [Theory]
    [InlineData("nope(a.b.c)", "Received request for unknown function: nope")]
    [InlineData("template(a.$n.c, n=b.c)", "invalid template() syntax")]
    [InlineData("scale(a.b.c, 2, factor=3)", "Too many parameters")]
    [InlineData("scale(a.b.c, fator=3)", "Missing required parameter \"factor\"")]
    [InlineData("scale(\"a.b.c\", 2)", "Invalid \"seriesList\" value specified for function \"scale\" parameter \"seriesList\"")]
    [InlineData("seriesByTag(a.b.c)", "seriesByTag(): every argument must be a quoted tag expression")]
    public void Errors_name_the_function_and_argument(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Series_and_point_limits_stop_runaway_queries()
    {
        var kit = Kit();
        var series = kit.Context() with { Limits = new QueryLimits { MaxSeries = 1 } };
        Assert.Contains("MaxSeriesPerRequest", Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate(["a.*.c"], series)).Message, StringComparison.Ordinal);
        var points = kit.Context() with { Limits = new QueryLimits { MaxPoints = 3 } };
        Assert.Contains("MaxPointsPerRequest", Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate(["a.*.c"], points)).Message, StringComparison.Ordinal);
        var time = kit.Context() with { Limits = new QueryLimits { MaxDuration = TimeSpan.Zero } };
        Assert.Contains("ran longer", Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate(["scale(a.b.c,1)"], time)).Message, StringComparison.Ordinal);
    }
}
