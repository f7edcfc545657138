using Mine.Query.Functions;
using Mine.Query.Functions.Combine;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class PowSeriesTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .Add("b.x", 2, 2, 2, 0.5, 2, -2, 2, 2, 2, 2)
        .Add("b.y", 1, 0, N, 3, 0.5, 2, 2, 2, 2, 1)
        .AddAt("c.p", FunctionTestKit.Start, 120, 5, 7, N, 9, 11);

    [Theory]
    [InlineData("powSeries(a.x,b.x)", "powSeries(a.x,b.x) [1.0, 4.0, None, 2.0, 25.0, 0.027777777777777776, None, 64.0, 81.0, 100.0]")]
    [InlineData("powSeries(b.*)", "powSeries(b.x,b.y) [2.0, 1.0, None, 0.125, 1.4142135623730951, 4.0, 4.0, 4.0, 4.0, 2.0]")]
    [InlineData("powSeries(a.y,b.y)", "powSeries(a.y,b.y) [10.0, None, None, 64000.0, 7.106335201775948, 36.0, 49.0, 64.0, None, 1.0]")]
    [InlineData("powSeries(b.x,a.y)", "powSeries(b.x,a.y) [1024.0, None, None, 9.094947017729282e-13, 1592262918131443.2, 0.015625, 128.0, 256.0, None, 2.0]")]
    [InlineData("powSeries(a.x)", "powSeries(a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("powSeries(a.z,b.x)", "powSeries(a.z,b.x) [9.0, 9.0, None, 1.7320508075688772, 0.0, None, 4.0, 4.0, 4.0, 4.0]")]
    [InlineData("powSeries(b.x,a.*)", "powSeries(b.x,a.x,a.y,a.z) [1073741824.0, None, None, 3.2033329522929615e-145, 1.0, 1.0, None, 3.402823669209385e+38, None, 1048576.0]")]
    [InlineData("powSeries(a.*,a.x)", "powSeries(a.x,a.y,a.z,a.x) [1.0, None, None, 9.7453140114e+288, 1.0, 1.0, None, 3.940200619639448e+115, None, 1e+20]")]
    [InlineData("powSeries(a.x,c.p)", "powSeries(a.x,c.p) [7.59375, 16384.0, None, 134217728.0, 56880009227.645996]")]
    [InlineData("powSeries(nope.*)", "")]
    [InlineData("powSeries(nope.*,a.x)", "powSeries(a.x) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    public void Raises_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Theory]
    [InlineData(-8, 1.0 / 3, double.NaN)]
    [InlineData(0, -1, double.NaN)]
    [InlineData(10, 400, double.NaN)]
    [InlineData(-10, 401, double.NaN)]
    [InlineData(0, 0, 1)]
    [InlineData(-2, 3, -8)]
    [InlineData(double.PositiveInfinity, 2, double.PositiveInfinity)]
    [InlineData(2, double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(0, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, 0, double.NaN)]
    [InlineData(1, double.NaN, double.NaN)]
    public void SafePow_is_None_where_math_pow_raises(double a, double b, double expected)
        => Assert.Equal(expected, PowSeries.SafePow(a, b));

    [Fact]
    public void Tags_only_the_name_and_keeps_the_request_xFilesFactor()
    {
        var result = Kit().Evaluate("powSeries(a.x,b.x)", xFilesFactor: 0.3);
        Assert.Equal([new("name", "powSeries(a.x,b.x)")], result[0].Tags);
        Assert.Equal(0.3, result[0].XFilesFactor);
    }

    [Fact]
    public void Is_an_aggregator_with_graphite_webs_parameter_name()
    {
        Assert.True(FunctionRegistry.Default.TryGet("powSeries", out var definition));
        Assert.True(definition.IsAggregator);
        var parameter = Assert.Single(definition.Parameters);
        Assert.Equal(("seriesList", true, true), (parameter.Name, parameter.Required, parameter.Multiple));
        Assert.Equal("powSeries(*seriesLists)", definition.SignatureFor("powSeries"));
    }
}
