using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class OffsetToZeroTests
{
    [Fact]
    public void Subtracts_each_series_minimum()
        => Assert.Equal(
            "offsetToZero(a.b) [4.0, None, 1.5, 7.0, 3.5, None, None, 11.0, 5.25, 0.0]\noffsetToZero(a.c) [7.0, 17.0, 27.0, 22.0, 2.0, None, 37.0, 97.0, 0.0, 4.0]",
            TransformData.Run("offsetToZero(a.*)"));

    [Fact]
    public void Tags_the_minimum_and_none_for_an_empty_series()
    {
        var kit = TransformData.Kit().Add("e.mpty", double.NaN, double.NaN);
        var result = kit.Evaluate("offsetToZero(a.b)");
        Assert.Equal("-3.0", Assert.Single(result).Tags["offsetToZero"]);
        var empty = Assert.Single(kit.Evaluate("offsetToZero(e.mpty)"));
        Assert.Equal("None", empty.Tags["offsetToZero"]);
        Assert.Equal("offsetToZero(e.mpty) [None, None]", FunctionTestKit.Describe([empty]));
    }
}
