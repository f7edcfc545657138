using Xunit;

namespace Mine.Query.Tests.Functions.Graph;

public class VerticalLineTests
{
    private const long Start = 1795597200;

    [Theory]
    [InlineData("verticalLine(\"1795597500\")", "None", null)]
    [InlineData("verticalLine(\"1795597500\", \"ev\", \"red\")", "ev", "red")]
    [InlineData("verticalLine(\"09:05_20261125\", \"ev\")", "ev", null)]
    public void Draws_an_infinite_line_at_the_time(string target, string name, string? color)
    {
        var kit = new FunctionTestKit();
        var series = Assert.Single(kit.Evaluate(target, Start, Start + 540));
        Assert.Equal(name, series.Name);
        Assert.Equal(1795597500, series.Start);
        Assert.Equal(1795597500, series.End);
        Assert.Equal(1, series.Step);
        Assert.Equal([1.0, 1.0], series.Values);
        Assert.Equal(true, series.Options["drawAsInfinite"]);
        Assert.Equal(color, series.Options.GetValueOrDefault("color"));
    }

    [Theory]
    [InlineData("verticalLine(\"1795597100\")", "timestamp 1795597100 exists before start of range")]
    [InlineData("verticalLine(\"1795597800\")", "timestamp 1795597800 exists after end of range")]
    [InlineData("verticalLine(1795597500)", "parameter \"ts\" needs a string")]
    public void Times_outside_the_range_are_errors(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => new FunctionTestKit().Evaluate(target, Start, Start + 540));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
