using Mine.Query.Targets;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Targets;

/// <summary>
/// graphite-web evaluates a function's first argument again (bootstrap, timeShift, ...) from a parse tree whose
/// pipes the first evaluation popped; answers below were checked against graphite-web 1.1.8 (the differential
/// corpus has the same shapes).
/// </summary>
public class ConsumedPipesTests
{
    [Theory]
    [InlineData("x.*|averageSeries()|movingAverage(6)", "path:x.*")]
    [InlineData("movingAverage(averageSeries(x.*|scale(2)), 6)", "movingAverage(averageSeries(path:x.*), int:6)")]
    [InlineData("sumSeries(x.*)|scale(2)", "sumSeries(path:x.*)")]
    [InlineData("template(sumSeries(a.$x|scale(2)), x=\"b\")", "template[sumSeries(path:a.$x); x=str:b]")]
    [InlineData("f(a, n=g(b|h()))", "f(path:a, n=g(path:b))")]
    [InlineData("sumSeries(a.b, c.d)", "sumSeries(path:a.b, path:c.d)")]
    public void Piped_calls_give_way_to_what_they_were_piped_from(string target, string expected)
        => Assert.Equal(expected, TargetParserTests.Show(ConsumedPipes.Strip(TargetParser.Parse(target))));

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("x.a", 1, 2, 3, 4, 5, 6)
        .Add("x.b", 10, 20, 30, 40, 50, 60)
        .Add("x.c", 100, 200, 300, 400, 500, 600);

    [Fact]
    public void A_piped_moving_average_bootstraps_every_member_of_the_glob()
    {
        var piped = Kit().Evaluate("x.*|averageSeries()|movingAverage(2)", from: FunctionTestKit.Start + (2 * FunctionTestKit.Step));
        Assert.Equal(["movingAverage(x.a,2)", "movingAverage(x.b,2)", "movingAverage(x.c,2)"], piped.Select(s => s.Name));
        Assert.Equal([1.5, 2.5, 3.5, 4.5], piped[0].Values);

        var nested = Kit().Evaluate("movingAverage(averageSeries(x.*), 2)", from: FunctionTestKit.Start + (2 * FunctionTestKit.Step));
        Assert.Equal(["movingAverage(averageSeries(x.*),2)"], nested.Select(s => s.Name));
    }

    [Fact]
    public void A_pipe_inside_the_argument_is_gone_when_it_is_read_again()
    {
        var result = Kit().Evaluate("timeShift(averageSeries(x.*|scale(2)), '1min')");
        Assert.Equal(["timeShift(averageSeries(x.*), \"-1min\")"], result.Select(s => s.Name));
        Assert.Equal(37.0, result[0].Values[0]); // (1 + 10 + 100) / 3, not scaled by 2
    }
}
