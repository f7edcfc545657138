using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class IntegralByIntervalTests
{
    // graphite-web with from one second before the first point: intervals count from the request start.
    [Theory]
    [InlineData("integralByInterval(a.c,\"3min\")", "integralByInterval(a.c,'3min') [10.0, 30.0, 60.0, 25.0, 30.0, 30.0, 40.0, 140.0, 143.0, 7.0]")]
    [InlineData("integralByInterval(a.c,\"-2min\")", "integralByInterval(a.c,'-2min') [10.0, 30.0, 30.0, 55.0, 5.0, 5.0, 40.0, 140.0, 3.0, 10.0]")]
    [InlineData("integralByInterval(a.b,\"1h\")", "integralByInterval(a.b,'1h') [1.0, 1.0, -0.5, 3.5, 4.0, 4.0, 4.0, 12.0, 14.25, 11.25]")]
    public void Restarts_the_total_every_interval(string target, string expected)
    {
        var kit = TransformData.Kit();
        Assert.Equal(expected, FunctionTestKit.Describe(kit.Evaluate(target, from: FunctionTestKit.Start - 1, until: FunctionTestKit.Start + 599)));
    }

    [Fact]
    public void Counts_intervals_from_the_request_start_not_the_series_start()
    {
        var kit = TransformData.Kit();
        var result = kit.Evaluate("integralByInterval(a.c,\"3min\")", from: FunctionTestKit.Start + 29, until: FunctionTestKit.Start + 599);
        Assert.Equal("integralByInterval(a.c,'3min') [20.0, 50.0, 75.0, 5.0, 5.0, 45.0, 100.0, 103.0, 110.0]", FunctionTestKit.Describe(result));
        Assert.Equal("3min", result[0].Tags["integralByInterval"]);
    }

    [Theory]
    [InlineData("integralByInterval(a.c,\"0min\")", "is zero seconds long")]
    [InlineData("integralByInterval(a.c,\"3x\")", "Invalid offset unit 'x'")]
    public void Unusable_intervals_are_errors(string target, string message)
        => Assert.Contains(message, TransformData.Error(target), StringComparison.Ordinal);
}
