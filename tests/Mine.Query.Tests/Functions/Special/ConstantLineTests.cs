using Xunit;

namespace Mine.Query.Tests.Functions.Special;

public class ConstantLineTests
{
    private const long Start = 1795597200;

    [Theory]
    [InlineData("constantLine(1.5)", 1800, "1.5", 900)]
    [InlineData("constantLine(2)", 541, "2.0", 270)]
    [InlineData("constantLine(-1e20)", 1, "-1e+20", 0)]
    public void Three_points_over_the_range(string target, long span, string name, long step)
    {
        var series = Assert.Single(new FunctionTestKit().Evaluate(target, Start, Start + span, xFilesFactor: 0.25));
        Assert.Equal(name, series.Name);
        Assert.Equal(name, series.Tags["name"]);
        Assert.Equal($"constantLine({name})", series.PathExpression);
        Assert.Equal(Start, series.Start);
        Assert.Equal(Start + span, series.End);
        Assert.Equal(step, series.Step);
        Assert.Equal(3, series.Values.Length);
        Assert.All(series.Values, v => Assert.Equal(double.Parse(name, System.Globalization.CultureInfo.InvariantCulture), v));
        Assert.Equal(0.25, series.XFilesFactor);
    }
}
