using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class IsNonNullTests
{
    [Fact]
    public void Marks_values_with_one_and_none_with_zero()
    {
        var result = TransformData.Kit().Evaluate("isNonNull(a.*)");
        Assert.Equal(
            "isNonNull(a.b) [1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0]\nisNonNull(a.c) [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0]",
            FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal("1", s.Tags["isNonNull"]));
        Assert.All(result, s => Assert.Equal(s.Name, s.PathExpression));
    }
}
