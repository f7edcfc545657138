using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class RoundTests
{
    [Theory]
    [InlineData("round(r.s)", "round(r.s) [0.0, 2.0, 2.0, -2.0, 3.0, 1235.0, None, 0.0, -0.0, 125.0]")]
    [InlineData("round(r.s,0)", "round(r.s,0) [0.0, 2.0, 2.0, -2.0, 3.0, 1235.0, None, 0.0, -0.0, 125.0]")]
    [InlineData("round(r.s,2)", "round(r.s,2) [0.5, 1.5, 2.5, -2.5, 2.67, 1234.57, None, 0.01, -0.0, 125.0]")]
    [InlineData("round(r.s,6)", "round(r.s,6) [0.5, 1.5, 2.5, -2.5, 2.675, 1234.5678, None, 0.007812, -0.0001, 125.0]")]
    [InlineData("round(r.s,-1)", "round(r.s,-1) [0.0, 0.0, 0.0, -0.0, 0.0, 1230.0, None, 0.0, -0.0, 120.0]")]
    [InlineData("round(r.s,-3)", "round(r.s,-3) [0.0, 0.0, 0.0, -0.0, 0.0, 1000.0, None, 0.0, -0.0, 0.0]")]
    [InlineData("round(r.s,precision=2)", "round(r.s,2) [0.5, 1.5, 2.5, -2.5, 2.67, 1234.57, None, 0.01, -0.0, 125.0]")]
    public void Rounds_half_to_even_like_python(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("round(r.s)", "0")]
    [InlineData("round(r.s,0)", "0")]
    [InlineData("round(r.s,-1)", "-1")]
    public void Tags_the_precision(string target, string value)
        => Assert.Equal(value, Assert.Single(TransformData.Kit().Evaluate(target)).Tags["round"]);

    [Fact]
    public void A_fractional_precision_is_refused()
        => Assert.StartsWith("Invalid \"integer\" value specified for function \"round\" parameter \"precision\"", TransformData.Error("round(r.s,1.5)"), StringComparison.Ordinal);
}
