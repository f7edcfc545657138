using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

public class LinearRegressionTests
{
    private const long Start = FunctionTestKit.Start;
    private const long End = Start + 300;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.w", 1, 3, 2, 5, 4)
        .Add("a.one", double.NaN, 7, double.NaN, double.NaN, double.NaN)
        .Add("a.line", 1, 2, double.NaN, 4, 5);

    [Theory]
    [InlineData("linearRegression(a.w)", "linearRegression(a.w, 1699999200, 1699999500) [1.3999999985098839, 2.199999999254942, 3.0, 3.800000000745058, 4.600000001490116]")]
    [InlineData("linearRegression(a.line)", "linearRegression(a.line, 1699999200, 1699999500) [1.0, 2.0, 3.0, 4.0, 5.0]")]
    // The source range starts later (an epoch time is read as such); the line is still drawn over the request.
    [InlineData("linearRegression(a.w,'1699999201')", "linearRegression(a.w, 1699999201, 1699999500) [2.0, 2.600000001490116, 3.199999999254942, 3.800000000745058, 4.399999998509884]")]
    // Relative times count from the request's now (the end here).
    [InlineData("linearRegression(a.w,'-4min')", "linearRegression(a.w, 1699999260, 1699999500) [2.0, 2.600000001490116, 3.199999999254942, 3.800000000745058, 4.399999998509884]")]
    [InlineData("linearRegression(a.w,endSourceAt='1699999330')", "linearRegression(a.w, 1699999200, 1699999330) [1.5, 2.0, 2.5, 3.0, 3.5]")]
    // Fewer than two points leave nothing to fit: the series is dropped.
    [InlineData("linearRegression(a.one)", "")]
    [InlineData("linearRegression(a.{one,w})", "linearRegression(a.w, 1699999200, 1699999500) [1.3999999985098839, 2.199999999254942, 3.0, 3.800000000745058, 4.600000001490116]")]
    public void Fits_a_least_squares_line_over_the_source_range(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target, Start, End)));

    [Fact]
    public void Tags_the_source_range_and_keeps_the_series_range()
    {
        var series = Assert.Single(Kit().Evaluate("linearRegression(a.w)", Start, End));
        Assert.Equal(["name=a.w", "linearRegressions=1699999200, 1699999500"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(series.Name, series.PathExpression);
        Assert.Equal(Start, series.Start);
        Assert.Equal(60, series.Step);
    }

    [Theory]
    // graphite-web writes the request range with time.mktime() of wall-clock time in the request's zone (its
    // process runs in UTC): in November Berlin is one hour ahead and New York five hours behind, while Sydney is
    // eleven hours ahead on daylight saving time, of which mktime takes one hour back off.
    [InlineData("Europe/Berlin", "linearRegression(a.w, 1700002800, 1700003100)")]
    [InlineData("America/New_York", "linearRegression(a.w, 1699981200, 1699981500)")]
    [InlineData("Australia/Sydney", "linearRegression(a.w, 1700035200, 1700035500)")]
    public void Request_times_in_names_are_read_as_wall_clock_time(string timeZone, string name)
    {
        var context = Kit().Context(Start, End) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZone) };
        var series = Assert.Single(Mine.Query.Evaluation.TargetEvaluator.Default.Evaluate(["linearRegression(a.w)"], context));
        Assert.Equal(name, series.Name);
    }

    [Theory]
    [InlineData("linearRegression(a.w,1699999201)", "linearRegression(): startSourceAt must be a quoted time")]
    [InlineData("linearRegression(a.w,'bogus')", "Unknown day reference")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target, Start, End));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
