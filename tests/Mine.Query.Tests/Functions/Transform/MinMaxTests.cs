using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class MinMaxTests
{
    [Theory]
    [InlineData("minMax(a.*)", "minMax(a.b) [0.36363636363636365, None, 0.13636363636363635, 0.6363636363636364, 0.3181818181818182, None, None, 1.0, 0.4772727272727273, 0.0]\nminMax(a.c) [0.07216494845360824, 0.17525773195876287, 0.27835051546391754, 0.2268041237113402, 0.020618556701030927, None, 0.38144329896907214, 1.0, 0.0, 0.041237113402061855]")]
    [InlineData("minMax(transformNull(a.b,3))", "minMax(transformNull(a.b,3)) [0.36363636363636365, 0.5454545454545454, 0.13636363636363635, 0.6363636363636364, 0.3181818181818182, 0.5454545454545454, 0.5454545454545454, 1.0, 0.4772727272727273, 0.0]")]
    public void Normalizes_to_the_unit_range(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Fact]
    public void A_flat_series_becomes_zero_and_adds_no_tag()
    {
        var kit = new FunctionTestKit().Add("f.lat", 5, double.NaN, 5);
        var series = Assert.Single(kit.Evaluate("minMax(f.lat)"));
        Assert.Equal("minMax(f.lat) [0.0, None, 0.0]", FunctionTestKit.Describe([series]));
        Assert.Equal(["name"], series.Tags.Keys);
    }
}
