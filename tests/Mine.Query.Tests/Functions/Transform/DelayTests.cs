using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class DelayTests
{
    [Theory]
    [InlineData("delay(a.b,2)", "delay(a.b,2) [None, None, 1.0, None, -1.5, 4.0, 0.5, None, None, 8.0]")]
    [InlineData("delay(a.b,-3)", "delay(a.b,-3) [4.0, 0.5, None, None, 8.0, 2.25, -3.0, None, None, None]")]
    [InlineData("delay(a.b,10)", "delay(a.b,10) [None, None, None, None, None, None, None, None, None, None]")]
    [InlineData("delay(a.b,12)", "delay(a.b,12) [None, None, None, None, None, None, None, None, None, None]")]
    [InlineData("delay(a.b,-12)", "delay(a.b,-12) [None, None, None, None, None, None, None, None, None, None]")]

    // series[:-0] is empty in Python, so a delay of 0 leaves no values at all.
    [InlineData("delay(a.b,0)", "delay(a.b,0) []")]
    public void Shifts_by_whole_steps(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Fact]
    public void Tags_the_steps()
        => Assert.Equal("-3", Assert.Single(TransformData.Kit().Evaluate("delay(a.b,-3)")).Tags["delay"]);
}
