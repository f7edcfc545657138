using Xunit;

namespace Mine.Query.Tests.Functions.Graph;

public class ThresholdTests
{
    private const long Start = 1795597200;

    [Theory]
    [InlineData("threshold(1.5, \"lbl\", \"red\")", 541, "lbl", "1.5", "red")]
    [InlineData("threshold(2)", 540, "2.0", "2.0", null)]
    [InlineData("threshold(2, '', '')", 540, "2.0", "2.0", null)]
    [InlineData("threshold(-1, label='x')", 540, "x", "-1.0", null)]
    public void Draws_a_constant_line(string target, long span, string name, string tagName, string? color)
    {
        var kit = new FunctionTestKit();
        var series = Assert.Single(kit.Evaluate(target, Start, Start + span));
        Assert.Equal(name, series.Name);
        Assert.Equal(tagName, series.Tags["name"]);
        Assert.Equal(Start, series.Start);
        Assert.Equal(span / 2, series.Step);
        Assert.Equal(3, series.Values.Length);
        Assert.Equal(color, series.Options.GetValueOrDefault("color"));
    }
}
