using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class DivideSeriesTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("divideSeries(m.*,m.b)",
        "divideSeries(m.a,m.b) [0.5, None, 0.5, None, None, 0.5]\n"
        + "divideSeries(m.b,m.b) [1.0, None, 1.0, 1.0, None, 1.0]\n"
        + "divideSeries(m.c,m.b) [0.0, None, 0.3333333333333333, 0.375, None, 0.4166666666666667]")]
    [InlineData("divideSeries(m.a,coarse.x)", "divideSeries(m.a,coarse.x) [0.375, None, 0.6875]")]
    [InlineData("divideSeries(coarse.y,coarse.x)", "divideSeries(coarse.y,coarse.x) [0.25]")]
    [InlineData("divideSeries(nothing.*,m.a)", "")]
    [InlineData("divideSeriesLists(m.{a,b},coarse.{x,y})",
        "divideSeries(m.a,coarse.x) [0.375, None, 0.6875]\n"
        + "divideSeries(m.b,coarse.y) [4.0, 3.3333333333333335]")]
    [InlineData("divideSeriesLists(m.{a,b},group(m.c,m.c))",
        "divideSeries(m.a,m.c) [None, 2.0, 1.5, None, 1.25, 1.2]\n"
        + "divideSeries(m.b,m.c) [None, None, 3.0, 2.6666666666666665, 0.0, 2.4]")]
    public void Divides_point_by_point_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, FunctionTestKit.Start, FunctionTestKit.Start + 360)));

    [Fact]
    public void Result_spans_the_common_step()
    {
        var result = Kit().Evaluate("divideSeries(m.a,coarse.x)", FunctionTestKit.Start, FunctionTestKit.Start + 360)[0];
        Assert.Equal((FunctionTestKit.Start, FunctionTestKit.Start + 360, 120L), (result.Start, result.End, result.Step));
        Assert.Equal("divideSeries(m.a,coarse.x)", result.Tags["name"]);
    }

    [Fact]
    public void Missing_divisor_keeps_the_dividends_with_every_value_none()
    {
        var result = Kit().Evaluate("divideSeries(m.{a,b},nothing)", FunctionTestKit.Start, FunctionTestKit.Start + 360);
        Assert.Equal(
            "divideSeries(m.a,MISSING) [None, None, None, None, None, None]\ndivideSeries(m.b,MISSING) [None, None, None, None, None, None]",
            FunctionTestKit.Describe(result));

        // The series are the dividends renamed: their tags still name the metric.
        Assert.Equal("m.a", result[0].Tags["name"]);
        Assert.Equal("divideSeries(m.a,MISSING)", result[0].PathExpression);
    }

    [Theory]
    [InlineData("divideSeries(m.a,m.*)", "divideSeries(): divideSeries second argument must reference exactly 1 series (got 3)")]
    [InlineData("divideSeriesLists(m.a,m.*)", "divideSeriesLists(): dividendSeriesList and divisorSeriesList argument must have equal length")]
    [InlineData("divideSeries(nothing.*,m.*)", "divideSeries(): divideSeries second argument must reference exactly 1 series (got 3)")]
    [InlineData("divideSeries(m.a)", "Missing required parameter \"divisorSeries\" for function \"divideSeries\"")]
    public void Bad_divisors_are_errors(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("m.a", 1, 2, 3, N, 5, 6)
        .Add("m.b", 2, N, 6, 8, 0, 12)
        .Add("m.c", 0, 1, 2, 3, 4, 5)
        .AddAt("coarse.x", FunctionTestKit.Start, 120, 4, N, 8)
        .AddAt("coarse.y", FunctionTestKit.Start, 180, 1, 2, 3);
}
