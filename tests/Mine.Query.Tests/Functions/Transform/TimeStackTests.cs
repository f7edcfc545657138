using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class TimeStackTests
{
    private const long Start = FunctionTestKit.Start;

    // graphite-web over [first point + 179 s, + 479 s].
    [Theory]
    [InlineData("timeStack(a.c,\"1min\",0,3)", "timeShift(a.c, -1min, 0) [25.0, 5.0, None, 40.0, 100.0]\ntimeShift(a.c, -1min, 1) [30.0, 25.0, 5.0, None, 40.0]\ntimeShift(a.c, -1min, 2) [20.0, 30.0, 25.0, 5.0, None]")]
    [InlineData("timeStack(a.c,\"-1min\",1,3)", "timeShift(a.c, -1min, 1) [30.0, 25.0, 5.0, None, 40.0]\ntimeShift(a.c, -1min, 2) [20.0, 30.0, 25.0, 5.0, None]")]
    [InlineData("timeStack(a.c,\"+2min\",0,2)", "timeShift(a.c, +2min, 0) [25.0, 5.0, None, 40.0, 100.0]\ntimeShift(a.c, +2min, 1) [None, 40.0, 100.0, 3.0, 7.0]")]
    [InlineData("timeStack(a.*,\"2min\",1,2)", "timeShift(a.b, -2min, 1) [None, -1.5, 4.0, 0.5, None]\ntimeShift(a.c, -2min, 1) [20.0, 30.0, 25.0, 5.0, None]")]

    [InlineData("timeStack(a.c,\"1min\",2,2)", "")]
    public void Stacks_shifted_copies(string target, string expected)
    {
        var result = TransformData.Kit().Evaluate(target, from: Start + 179, until: Start + 479);
        Assert.Equal(expected, FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal((Start + 180, Start + 480), (s.Start, s.End)));
    }

    [Fact]
    public void Tags_unit_and_multiple()
    {
        var result = TransformData.Kit().Evaluate("timeStack(a.c,\"1min\",0,2)", from: Start + 179, until: Start + 479);
        Assert.Equal(["-1min", "-1min"], result.Select(s => s.Tags["timeShiftUnit"]));
        Assert.Equal(["0", "1"], result.Select(s => s.Tags["timeShift"]));

        // Unlike timeShift, the name becomes the path expression.
        Assert.All(result, s => Assert.Equal(s.Name, s.PathExpression));
    }

    [Fact]
    public void Defaults_to_seven_days_back()
    {
        var kit = new FunctionTestKit().AddAt("d.ay", Start - (7 * 86400), 86400, 1, 2, 3, 4, 5, 6, 7, 8);
        var result = kit.Evaluate("timeStack(d.ay)", from: Start, until: Start + 86400);
        Assert.Equal(
            "timeShift(d.ay, -1d, 0) [8.0]\ntimeShift(d.ay, -1d, 1) [7.0]\ntimeShift(d.ay, -1d, 2) [6.0]\ntimeShift(d.ay, -1d, 3) [5.0]\ntimeShift(d.ay, -1d, 4) [4.0]\ntimeShift(d.ay, -1d, 5) [3.0]\ntimeShift(d.ay, -1d, 6) [2.0]",
            FunctionTestKit.Describe(result));
    }

    [Fact]
    public void An_empty_unit_is_refused()
        => Assert.Contains("must not be empty", TransformData.Error("timeStack(a.c,\"\")"), StringComparison.Ordinal);
}
