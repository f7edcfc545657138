using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class KeepLastValueTests
{
    private const double N = double.NaN;

    [Theory]
    [InlineData("keepLastValue(a.b)", "keepLastValue(a.b) [1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0]")]
    [InlineData("keepLastValue(a.b,1)", "keepLastValue(a.b) [1.0, 1.0, -1.5, 4.0, 0.5, None, None, 8.0, 2.25, -3.0]")]
    [InlineData("keepLastValue(ctr.x,1)", "keepLastValue(ctr.x) [100.0, 110.0, 130.0, 130.0, 10.0, 20.0, 4294967290.0, 5.0, 5.0, 50.0]")]
    [InlineData("keepLastValue(a.*)", "keepLastValue(a.b) [1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0]\nkeepLastValue(a.c) [10.0, 20.0, 30.0, 25.0, 5.0, 5.0, 40.0, 100.0, 3.0, 7.0]")]
    public void Repeats_the_last_value_over_gaps(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    // graphite-web over a range one step wider on both sides of a.b: a None before and two after.
    [Theory]
    [InlineData("keepLastValue(g.ap)", "keepLastValue(g.ap) [None, 1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0, -3.0, -3.0]")]
    [InlineData("keepLastValue(g.ap,2)", "keepLastValue(g.ap) [None, 1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0, -3.0, -3.0]")]
    [InlineData("keepLastValue(g.ap,1)", "keepLastValue(g.ap) [None, 1.0, 1.0, -1.5, 4.0, 0.5, None, None, 8.0, 2.25, -3.0, None, None]")]
    [InlineData("keepLastValue(g.ap, limit=inf)", "keepLastValue(g.ap) [None, 1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0, -3.0, -3.0]")]
    [InlineData("keepLastValue(g.ap, \"inf\")", "keepLastValue(g.ap) [None, 1.0, 1.0, -1.5, 4.0, 0.5, 0.5, 0.5, 8.0, 2.25, -3.0, -3.0, -3.0]")]
    public void Fills_a_trailing_gap_but_not_a_leading_one(string target, string expected)
    {
        var kit = new FunctionTestKit().Add("g.ap", N, 1, N, -1.5, 4, 0.5, N, N, 8, 2.25, -3, N, N);
        Assert.Equal(expected, FunctionTestKit.Describe(kit.Evaluate(target)));
    }

    [Fact]
    public void A_fractional_limit_is_refused()
        => Assert.StartsWith("Invalid \"intOrInf\" value specified for function \"keepLastValue\" parameter \"limit\"", TransformData.Error("keepLastValue(a.b,1.5)"), StringComparison.Ordinal);
}
