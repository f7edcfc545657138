using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class IntegralTests
{
    [Fact]
    public void Sums_up_skipping_none()
    {
        var result = TransformData.Kit().Evaluate("integral(a.*)");
        Assert.Equal(
            "integral(a.b) [1.0, None, -0.5, 3.5, 4.0, None, None, 12.0, 14.25, 11.25]\nintegral(a.c) [10.0, 30.0, 60.0, 85.0, 90.0, None, 130.0, 230.0, 233.0, 240.0]",
            FunctionTestKit.Describe(result));
        Assert.Equal("1", result[0].Tags["integral"]);
    }
}
