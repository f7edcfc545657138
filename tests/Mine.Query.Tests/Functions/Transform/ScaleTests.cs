using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class ScaleTests
{
    [Theory]
    [InlineData("scale(a.b,2)", "scale(a.b,2) [2.0, None, -3.0]")]
    [InlineData("scale(a.b, 0.5)", "scale(a.b,0.5) [0.5, None, -0.75]")]
    [InlineData("scale(a.b,1e7)", "scale(a.b,1e+07) [10000000.0, None, -15000000.0]")]
    [InlineData("a.b|scale(-1)", "scale(a.b,-1) [-1.0, None, 1.5]")]
    [InlineData("scale(a.b, factor=3)", "scale(a.b,3) [3.0, None, -4.5]")]
    [InlineData("scale(a.*,2)", "scale(a.b,2) [2.0, None, -3.0]\nscale(a.c,2) [20.0, 40.0, 60.0]")]
    public void Multiplies_and_names_like_graphite_web(string target, string expected)
    {
        var kit = new FunctionTestKit().Add("a.c", 10, 20, 30).Add("a.b", 1, double.NaN, -1.5);
        Assert.Equal(expected, FunctionTestKit.Describe(kit.Evaluate(target)));
    }

    [Fact]
    public void Tags_the_factor_as_python_str()
    {
        var kit = new FunctionTestKit().Add("a.b", 1);
        Assert.Equal("2.0", kit.Evaluate("scale(a.b,2)")[0].Tags["scale"]);
    }

    [Theory]
    [InlineData("scale(a.b)", "Missing required parameter \"factor\" for function \"scale\"")]
    [InlineData("scale(a.b,\"x\")", "Invalid \"float\" value specified for function \"scale\" parameter \"factor\"")]
    [InlineData("scale(a.b,2,3)", "Too many parameters specified for function \"scale\"")]
    public void Bad_arguments_name_the_function_and_parameter(string target, string message)
    {
        var kit = new FunctionTestKit().Add("a.b", 1);
        var error = Assert.Throws<QueryArgumentException>(() => kit.Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
