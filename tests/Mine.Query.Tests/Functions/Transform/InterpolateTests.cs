using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class InterpolateTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("interpolate(a.b)", "interpolate(a.b) [1.0, -0.25, -1.5, 4.0, 0.5, 3.0, 5.5, 8.0, 2.25, -3.0]")]
    [InlineData("interpolate(a.b,1)", "interpolate(a.b) [1.0, -0.25, -1.5, 4.0, 0.5, None, None, 8.0, 2.25, -3.0]")]
    [InlineData("interpolate(a.b,-1)", "interpolate(a.b) [1.0, None, -1.5, 4.0, 0.5, None, None, 8.0, 2.25, -3.0]")]
    [InlineData("interpolate(ctr.x)", "interpolate(ctr.x) [100.0, 110.0, 130.0, 70.0, 10.0, 20.0, 4294967290.0, 5.0, 27.5, 50.0]")]
    public void Fills_inner_gaps_linearly(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Fact]
    public void Leaves_leading_and_trailing_gaps()
    {
        var kit = new FunctionTestKit().Add("g.ap", N, 1, N, -1.5, 4, 0.5, N, N, 8, 2.25, -3, N, N);
        Assert.Equal(
            "interpolate(g.ap) [None, 1.0, -0.25, -1.5, 4.0, 0.5, 3.0, 5.5, 8.0, 2.25, -3.0, None, None]",
            FunctionTestKit.Describe(kit.Evaluate("interpolate(g.ap)")));
    }
}
