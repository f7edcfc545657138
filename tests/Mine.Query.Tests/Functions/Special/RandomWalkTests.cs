using Xunit;

namespace Mine.Query.Tests.Functions.Special;

public class RandomWalkTests
{
    private const long Start = 1795597199;

    [Theory]
    [InlineData("randomWalk(\"rw.x\", 120)", 481, 120, 5)]
    [InlineData("randomWalkFunction('rw.x')", 481, 60, 9)]
    [InlineData("randomWalk('rw.x')", 480, 60, 8)]
    [InlineData("randomWalk('rw.x', step=1000)", 480, 1000, 1)]
    public void Walks_from_zero_in_small_steps(string target, long span, long step, int count)
    {
        var series = Assert.Single(new FunctionTestKit().Evaluate(target, Start, Start + span, xFilesFactor: 0.5));
        Assert.Equal("rw.x", series.Name);
        Assert.Equal("rw.x", series.Tags["name"]);
        Assert.Equal(Start, series.Start);
        Assert.Equal(Start + span, series.End);
        Assert.Equal(step, series.Step);
        Assert.Equal(0.5, series.XFilesFactor);
        Assert.Equal(count, series.Values.Length);
        Assert.Equal(0.0, series.Values[0]);
        for (var i = 1; i < series.Values.Length; i++)
        {
            Assert.InRange(series.Values[i] - series.Values[i - 1], -0.5, 0.5);
        }
    }

    [Theory]
    [InlineData("randomWalk('x', 0)")]
    [InlineData("randomWalk('x', -60)")]
    public void A_step_that_does_not_advance_is_rejected(string target)
    {
        var error = Assert.Throws<QueryArgumentException>(() => new FunctionTestKit().Evaluate(target, Start, Start + 60));
        Assert.Contains("step must be a positive number of seconds", error.Message, StringComparison.Ordinal);
    }
}
