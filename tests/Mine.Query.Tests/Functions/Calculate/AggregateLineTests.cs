using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class AggregateLineTests
{
    private const long Start = FunctionTestKit.Start;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
        .Add("a.n", 1, 2, double.NaN, 4, double.NaN, double.NaN, 7, 8, 9, 10)
        .Add("a.big", 1234567, 1234567)
        .Add("a.none", double.NaN, double.NaN);

    [Theory]
    [InlineData("aggregateLine(a.b)", "aggregateLine(a.b, 5.5) [5.5, 5.5, 5.5]")]
    [InlineData("aggregateLine(a.n,'avg')", "aggregateLine(a.n, 5.85714) [5.857142857142857, 5.857142857142857, 5.857142857142857]")]
    [InlineData("aggregateLine(a.n,'avg_zero')", "aggregateLine(a.n, 4.1) [4.1, 4.1, 4.1]")]
    [InlineData("aggregateLine(a.n,'median')", "aggregateLine(a.n, 7) [7.0, 7.0, 7.0]")]
    [InlineData("aggregateLine(a.n,'sum')", "aggregateLine(a.n, 41) [41.0, 41.0, 41.0]")]
    [InlineData("aggregateLine(a.n,'min')", "aggregateLine(a.n, 1) [1.0, 1.0, 1.0]")]
    [InlineData("aggregateLine(a.n,'max')", "aggregateLine(a.n, 10) [10.0, 10.0, 10.0]")]
    [InlineData("aggregateLine(a.n,'diff')", "aggregateLine(a.n, -39) [-39.0, -39.0, -39.0]")]
    [InlineData("aggregateLine(a.n,'count')", "aggregateLine(a.n, 7) [7.0, 7.0, 7.0]")]
    [InlineData("aggregateLine(a.n,'rangeOf')", "aggregateLine(a.n, 9) [9.0, 9.0, 9.0]")]
    [InlineData("aggregateLine(a.n,'last')", "aggregateLine(a.n, 10) [10.0, 10.0, 10.0]")]
    // multiply does not skip None.
    [InlineData("aggregateLine(a.n,'multiply')", "aggregateLine(a.n, None) [None, None, None]")]
    [InlineData("aggregateLine(a.b,'multiply')", "aggregateLine(a.b, 3.6288e+06) [3628800.0, 3628800.0, 3628800.0]")]
    [InlineData("aggregateLine(a.big,'max')", "aggregateLine(a.big, 1.23457e+06) [1234567.0, 1234567.0, 1234567.0]")]
    [InlineData("aggregateLine(a.none)", "aggregateLine(a.none, None) [None, None, None]")]
    [InlineData("aggregateLine(a.{b,none},'max')", "aggregateLine(a.b, 10) [10.0, 10.0, 10.0]\naggregateLine(a.none, None) [None, None, None]")]
    public void Draws_a_three_point_line_at_the_aggregate(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, from: Start, until: Start + 600)));

    [Fact]
    public void The_line_spans_the_request_with_half_of_it_as_step_and_keeps_the_tags_of_str_value()
    {
        var series = Assert.Single(Kit().Evaluate("aggregateLine(a.b)", from: Start + 1, until: Start + 600, xFilesFactor: 0.25));
        Assert.Equal(Start + 1, series.Start);
        Assert.Equal(Start + 600, series.End);
        Assert.Equal(299, series.Step);
        Assert.Equal(0.25, series.XFilesFactor);
        Assert.Equal("aggregateLine(a.b, 6)", series.PathExpression);

        // constantLine named the series str(value) and tagged it so; the rename does not touch the tags.
        Assert.Equal(["name=6.0"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
    }

    [Theory]
    [InlineData("aggregateLine(a.n,'count')", "7")]
    [InlineData("aggregateLine(a.n,'sum')", "41.0")]
    [InlineData("aggregateLine(a.none)", "None")]
    public void The_name_tag_is_python_str_of_the_value(string target, string nameTag)
        => Assert.Equal(nameTag, Assert.Single(Kit().Evaluate(target, from: Start, until: Start + 600)).Tags["name"]);

    [Fact]
    public void Keep_step_repeats_the_value_over_the_series_own_points_and_tags()
    {
        var series = Assert.Single(Kit().Evaluate("aggregateLine(a.n,'max',keepStep=true)"));
        Assert.Equal("aggregateLine(a.n, 10)", series.Name);
        Assert.Equal(Enumerable.Repeat(10.0, 10), series.Values);
        Assert.Equal(FunctionTestKit.Start, series.Start);
        Assert.Equal(FunctionTestKit.Step, series.Step);
        Assert.Equal(["name=a.n"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Fact]
    public void An_empty_list_gives_nothing()
        => Assert.Empty(Kit().Evaluate("aggregateLine(no.such)"));

    [Theory]
    [InlineData("aggregateLine(a.b,'mean')", "Invalid option specified for function \"aggregateLine\" parameter \"func\"")]
    [InlineData("aggregateLine(a.b,'max',2)", "Invalid \"boolean\" value specified for function \"aggregateLine\" parameter \"keepStep\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
