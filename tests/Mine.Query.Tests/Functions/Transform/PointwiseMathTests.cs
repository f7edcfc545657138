using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class PointwiseMathTests
{
    [Theory]
    [InlineData("exp(a.b)", "exp(a.b) [2.718281828459045, None, 0.22313016014842982, 54.598150033144236, 1.6487212707001282, None, None, 2980.9579870417283, 9.487735836358526, 0.049787068367863944]")]
    [InlineData("exp(p.q)", "exp(p.q) [1.1051709180756477, 1.6487212707001282, None, 2.45960311115695, 2.718281828459045, 1.0, 1.2840254166877414, 0.6065306597126334, 7.38905609893065, 2.117000016612675]")]
    [InlineData("pow(a.*,2)", "pow(a.b,2) [1.0, None, 2.25, 16.0, 0.25, None, None, 64.0, 5.0625, 9.0]\npow(a.c,2) [100.0, 400.0, 900.0, 625.0, 25.0, None, 1600.0, 10000.0, 9.0, 49.0]")]
    [InlineData("pow(a.b,0.5)", "pow(a.b,0.5) [1.0, None, None, 2.0, 0.7071067811865476, None, None, 2.8284271247461903, 1.5, None]")]
    [InlineData("pow(a.b,-1.5)", "pow(a.b,-1.5) [1.0, None, None, 0.125, 2.8284271247461903, None, None, 0.04419417382415922, 0.2962962962962963, None]")]
    [InlineData("pow(p.q,-2)", "pow(p.q,-2) [99.99999999999999, 4.0, None, 1.2345679012345678, 1.0, None, 16.0, 4.0, 0.25, 1.7777777777777777]")]
    [InlineData("squareRoot(a.b)", "squareRoot(a.b) [1.0, None, None, 2.0, 0.7071067811865476, None, None, 2.8284271247461903, 1.5, None]")]
    [InlineData("invert(a.b)", "invert(a.b) [1.0, None, -0.6666666666666666, 0.25, 2.0, None, None, 0.125, 0.4444444444444444, -0.3333333333333333]")]
    [InlineData("invert(p.q)", "invert(p.q) [10.0, 2.0, None, 1.1111111111111112, 1.0, None, 4.0, -2.0, 0.5, 1.3333333333333333]")]
    [InlineData("absolute(a.b)", "absolute(a.b) [1.0, None, 1.5, 4.0, 0.5, None, None, 8.0, 2.25, 3.0]")]
    [InlineData("sigmoid(a.b)", "sigmoid(a.b) [0.7310585786300049, None, 0.18242552380635635, 0.9820137900379085, 0.6224593312018546, None, None, 0.9996646498695336, 0.9046505351008906, 0.04742587317756678]")]
    [InlineData("sigmoid(p.q)", "sigmoid(p.q) [0.52497918747894, 0.6224593312018546, None, 0.7109495026250039, 0.7310585786300049, 0.5, 0.5621765008857981, 0.3775406687981454, 0.8807970779778823, 0.679178699175393]")]
    [InlineData("logit(a.b)", "logit(a.b) [None, None, None, None, 0.0, None, None, None, None, None]")]
    [InlineData("logit(p.q)", "logit(p.q) [-2.197224577336219, 0.0, None, 2.1972245773362196, None, None, -1.0986122886681098, None, None, 1.0986122886681098]")]
    public void Transforms_each_value_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("exp(a.b)", "exp", "e")]
    [InlineData("pow(a.b,2)", "pow", "2.0")]
    [InlineData("pow(a.b,-1.5)", "pow", "-1.5")]
    [InlineData("squareRoot(a.b)", "squareRoot", "1")]
    [InlineData("invert(a.b)", "invert", "1")]
    [InlineData("absolute(a.b)", "absolute", "1")]
    [InlineData("sigmoid(a.b)", "sigmoid", "sigmoid")]
    [InlineData("logit(a.b)", "logit", "logit")]
    public void Tags_the_function(string target, string tag, string value)
    {
        var series = Assert.Single(TransformData.Kit().Evaluate(target));
        Assert.Equal(value, series.Tags[tag]);
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Theory]
    [InlineData("exp(scale(a.c,100))")]
    [InlineData("sigmoid(scale(a.b,-1000))")]
    public void Overflow_is_an_error_as_in_python(string target)
        => Assert.Contains("(): math range error: exp(", TransformData.Error(target), StringComparison.Ordinal);

    [Theory]
    [InlineData("pow(a.b)", "Missing required parameter \"factor\" for function \"pow\"")]
    [InlineData("exp(a.b,2)", "Too many parameters specified for function \"exp\"")]
    public void Bad_arguments_are_refused(string target, string message)
        => Assert.StartsWith(message, TransformData.Error(target), StringComparison.Ordinal);
}
