using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class ScaleToSecondsTests
{
    [Theory]
    [InlineData("scaleToSeconds(a.c,1)", "scaleToSeconds(a.c,1) [0.166667, 0.333333, 0.5, 0.416667, 0.083333, None, 0.666667, 1.666667, 0.05, 0.116667]")]
    [InlineData("scaleToSeconds(p.q,7.9)", "scaleToSeconds(p.q,7) [0.013167, 0.065833, None, 0.1185, 0.131667, 0.0, 0.032917, -0.065833, 0.263333, 0.09875]")]
    [InlineData("scaleToSeconds(ctr.x,3600)", "scaleToSeconds(ctr.x,3600) [6000.0, 6600.0, 7800.0, None, 600.0, 1200.0, 257698037400.0, 300.0, None, 3000.0]")]
    public void Scales_per_step_values_and_rounds_to_six_decimals(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Fact]
    public void Tags_the_seconds_as_python_str()
        => Assert.Equal("7.9", Assert.Single(TransformData.Kit().Evaluate("scaleToSeconds(p.q,7.9)")).Tags["scaleToSeconds"]);

    [Fact]
    public void Uses_the_step_of_each_series()
    {
        var kit = new FunctionTestKit().AddAt("five.min", FunctionTestKit.Start, 300, 30, double.NaN, 1);
        Assert.Equal("scaleToSeconds(five.min,60) [6.0, None, 0.2]", FunctionTestKit.Describe(kit.Evaluate("scaleToSeconds(five.min,60)")));
    }
}
