using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class DerivativesTests
{
    [Theory]
    [InlineData("derivative(a.*)", "derivative(a.b) [None, None, None, 5.5, -3.5, None, None, None, -5.75, -5.25]\nderivative(a.c) [None, 10.0, 10.0, -5.0, -20.0, None, None, 60.0, -97.0, 4.0]")]
    [InlineData("derivative(ctr.x)", "derivative(ctr.x) [None, 10.0, 20.0, None, None, 10.0, 4294967270.0, -4294967285.0, None, None]")]
    [InlineData("derivative(p.q)", "derivative(p.q) [None, 0.4, None, None, 0.09999999999999998, -1.0, 0.25, -0.75, 2.5, -1.25]")]
    [InlineData("nonNegativeDerivative(ctr.x)", "nonNegativeDerivative(ctr.x) [None, 10.0, 20.0, None, None, 10.0, 4294967270.0, None, None, None]")]
    [InlineData("nonNegativeDerivative(a.c)", "nonNegativeDerivative(a.c) [None, 10.0, 10.0, None, None, None, None, 60.0, None, 4.0]")]
    [InlineData("nonNegativeDerivative(keepLastValue(ctr.x), 4294967295)", "nonNegativeDerivative(keepLastValue(ctr.x)) [None, 10.0, 20.0, 0.0, 4294967176.0, 10.0, 4294967270.0, 11.0, 0.0, 45.0]")]
    [InlineData("nonNegativeDerivative(keepLastValue(ctr.x), minValue=5)", "nonNegativeDerivative(keepLastValue(ctr.x)) [None, 10.0, 20.0, 0.0, 5.0, 10.0, 4294967270.0, 0.0, 0.0, 45.0]")]
    [InlineData("nonNegativeDerivative(keepLastValue(ctr.x), 1000, 5)", "nonNegativeDerivative(keepLastValue(ctr.x)) [None, 10.0, 20.0, 0.0, 876.0, 10.0, None, None, 0.0, 45.0]")]
    [InlineData("nonNegativeDerivative(keepLastValue(ctr.x), maxValue=1000, minValue=0)", "nonNegativeDerivative(keepLastValue(ctr.x)) [None, 10.0, 20.0, 0.0, 881.0, 10.0, None, None, 0.0, 45.0]")]
    [InlineData("perSecond(ctr.x)", "perSecond(ctr.x) [None, 0.166667, 0.333333, None, None, 0.166667, 71582787.833333, None, None, None]")]
    [InlineData("perSecond(keepLastValue(ctr.x), 4294967295)", "perSecond(keepLastValue(ctr.x)) [None, 0.166667, 0.333333, 0.0, 71582786.266667, 0.166667, 71582787.833333, 0.183333, 0.0, 0.75]")]
    [InlineData("perSecond(keepLastValue(ctr.x), minValue=0)", "perSecond(keepLastValue(ctr.x)) [None, 0.166667, 0.333333, 0.0, 0.166667, 0.166667, 71582787.833333, 0.083333, 0.0, 0.75]")]
    public void Computes_deltas_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("derivative(a.b)", "derivative")]
    [InlineData("nonNegativeDerivative(a.b)", "nonNegativeDerivative")]
    [InlineData("perSecond(a.b)", "perSecond")]
    public void Tags_the_function_on_a_new_series(string target, string tag)
    {
        var series = Assert.Single(TransformData.Kit().Evaluate(target));
        Assert.Equal("1", series.Tags[tag]);
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Theory]
    [InlineData("perSecond(a.b, 5)")]
    [InlineData("nonNegativeDerivative(ctr.x, 4294967295)")]
    [InlineData("nonNegativeDerivative(ctr.x, minValue=0)")]
    public void Bounds_with_none_values_are_an_error_as_in_python(string target)
        => Assert.Contains("a None value cannot be compared with maxValue/minValue", TransformData.Error(target), StringComparison.Ordinal);

    [Fact]
    public void PerSecond_divides_by_each_series_step()
    {
        var kit = new FunctionTestKit().AddAt("five.min", FunctionTestKit.Start, 300, 0, 100, 250);
        Assert.Equal("perSecond(five.min) [None, 0.333333, 0.5]", FunctionTestKit.Describe(kit.Evaluate("perSecond(five.min)")));
    }
}
