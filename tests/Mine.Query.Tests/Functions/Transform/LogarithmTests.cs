using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class LogarithmTests
{
    [Theory]
    [InlineData("log(a.c)", "log(a.c, 10) [1.0, 1.301029995663981, 1.4771212547196624, 1.3979400086720375, 0.6989700043360187, None, 1.6020599913279623, 2.0, 0.47712125471966244, 0.8450980400142567]")]
    [InlineData("log(a.b,2)", "log(a.b, 2) [0.0, None, None, 2.0, -1.0, None, None, 3.0, 1.1699250014423124, None]")]
    [InlineData("log(p.q, base=3)", "log(p.q, 3) [-2.0959032742893844, -0.6309297535714574, None, -0.09590327428938458, 0.0, None, -1.2618595071429148, None, 0.6309297535714574, -0.26185950714291484]")]
    public void Takes_the_logarithm_of_positive_values(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Fact]
    public void Tags_the_base_on_a_new_series()
    {
        var series = Assert.Single(TransformData.Kit().Evaluate("log(a.b,2)"));
        Assert.Equal("2", series.Tags["log"]);

        // graphite-web's copy() makes the name the path expression.
        Assert.Equal("log(a.b, 2)", series.PathExpression);
    }

    [Theory]
    [InlineData("log(a.b,1)", "float division by zero")]
    [InlineData("log(a.b,0)", "math domain error")]
    [InlineData("log(a.b,-2)", "math domain error")]
    [InlineData("log(a.b,2.5)", "Invalid \"integer\" value specified for function \"log\" parameter \"base\"")]
    public void Bases_python_cannot_use_are_errors(string target, string message)
        => Assert.Contains(message, TransformData.Error(target), StringComparison.Ordinal);
}
