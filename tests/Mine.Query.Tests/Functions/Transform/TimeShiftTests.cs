using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class TimeShiftTests
{
    private const long Start = FunctionTestKit.Start;

    // graphite-web over [first point + 179 s, + 479 s]: five points from 180 s, shifted ones fetched again.
    [Theory]
    [InlineData("timeShift(a.c,\"2min\")", "timeShift(a.c, \"-2min\") [20.0, 30.0, 25.0, 5.0, None]")]
    [InlineData("timeShift(a.c,\"-2min\")", "timeShift(a.c, \"-2min\") [20.0, 30.0, 25.0, 5.0, None]")]
    [InlineData("timeShift(a.c,\"+2min\")", "timeShift(a.c, \"+2min\") [None, 40.0, 100.0, 3.0, 7.0]")]
    [InlineData("timeShift(a.c,\"2min\",false)", "timeShift(a.c, \"-2min\") [20.0, 30.0, 25.0, 5.0, None]")]
    [InlineData("timeShift(a.*,\"1min\",resetEnd=false)", "timeShift(a.b, \"-1min\") [-1.5, 4.0, 0.5, None, None]\ntimeShift(a.c, \"-1min\") [30.0, 25.0, 5.0, None, 40.0]")]
    [InlineData("timeShift(a.c,\"2min\",true,true)", "timeShift(a.c, \"-2min\") [20.0, 30.0, 25.0, 5.0, None]")]

    public void Fetches_the_shifted_range_and_lays_it_over_the_current_one(string target, string expected)
    {
        var result = TransformData.Kit().Evaluate(target, from: Start + 179, until: Start + 479);
        Assert.Equal(expected, FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal((Start + 180, Start + 480), (s.Start, s.End)));
    }

    [Fact]
    public void Tags_the_signed_shift()
    {
        var series = Assert.Single(TransformData.Kit().Evaluate("timeShift(a.c,\"2min\")", from: Start + 179, until: Start + 479));
        Assert.Equal("-2min", series.Tags["timeShift"]);

        // graphite-web leaves the fetched path expression, so aggregates of it are named after the plain path.
        Assert.Equal("a.c", series.PathExpression);
    }

    [Fact]
    public void Without_resetEnd_the_end_keeps_the_shifted_length()
    {
        // Five minutes later the source only has two points left (whisper would pad with None instead).
        var kit = TransformData.Kit();
        var reset = Assert.Single(kit.Evaluate("timeShift(a.c,\"+5min\")", from: Start + 179, until: Start + 479));
        Assert.Equal(("timeShift(a.c, \"+5min\") [3.0, 7.0]", Start + 180, Start + 480), (FunctionTestKit.Describe([reset]), reset.Start, reset.End));
        var kept = Assert.Single(kit.Evaluate("timeShift(a.c,\"+5min\",false)", from: Start + 179, until: Start + 479));
        Assert.Equal((Start + 180, Start + 300), (kept.Start, kept.End));
    }

    [Fact]
    public void Shifts_nothing_when_the_list_is_empty()
        => Assert.Empty(TransformData.Kit().Evaluate("timeShift(n.one,\"1d\")"));

    [Theory]
    [InlineData("timeShift(a.c,\"\")", "must not be empty")]
    [InlineData("timeShift(a.c,\"1x\")", "Invalid \"interval\" value specified for function \"timeShift\" parameter \"timeShift\"")]
    [InlineData("timeShift(a.c,\"-9999y\")", "date value out of range")]
    public void Bad_shifts_are_refused(string target, string message)
        => Assert.Contains(message, TransformData.Error(target), StringComparison.Ordinal);
}
