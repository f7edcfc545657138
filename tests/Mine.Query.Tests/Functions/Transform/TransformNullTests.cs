using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class TransformNullTests
{
    [Theory]
    [InlineData("transformNull(a.b)", "transformNull(a.b,0) [1.0, 0.0, -1.5, 4.0, 0.5, 0.0, 0.0, 8.0, 2.25, -3.0]")]
    [InlineData("transformNull(a.*,-1)", "transformNull(a.b,-1) [1.0, -1.0, -1.5, 4.0, 0.5, -1.0, -1.0, 8.0, 2.25, -3.0]\ntransformNull(a.c,-1) [10.0, 20.0, 30.0, 25.0, 5.0, -1.0, 40.0, 100.0, 3.0, 7.0]")]
    [InlineData("transformNull(a.b,1e7)", "transformNull(a.b,1e+07) [1.0, 10000000.0, -1.5, 4.0, 0.5, 10000000.0, 10000000.0, 8.0, 2.25, -3.0]")]
    [InlineData("transformNull(a.b,2.5,a.c)", "transformNull(a.b,2.5,referenceSeries) [1.0, 2.5, -1.5, 4.0, 0.5, None, 2.5, 8.0, 2.25, -3.0]")]
    [InlineData("transformNull(a.b,7,ctr.x)", "transformNull(a.b,7,referenceSeries) [1.0, 7.0, -1.5, 4.0, 0.5, 7.0, 7.0, 8.0, 2.25, -3.0]")]
    [InlineData("transformNull(a.b,7,a.{b,c})", "transformNull(a.b,7,referenceSeries) [1.0, 7.0, -1.5, 4.0, 0.5, None, 7.0, 8.0, 2.25, -3.0]")]

    // An empty reference list counts as none.
    [InlineData("transformNull(a.b,7,n.one)", "transformNull(a.b,7) [1.0, 7.0, -1.5, 4.0, 0.5, 7.0, 7.0, 8.0, 2.25, -3.0]")]

    // A reference without points still names the function with it but fills every None.
    [InlineData("transformNull(a.b,9,delay(a.c,0))", "transformNull(a.b,9,referenceSeries) [1.0, 9.0, -1.5, 4.0, 0.5, 9.0, 9.0, 8.0, 2.25, -3.0]")]

    // Five summarized points against a ten-point reference: ten new values replace the raw list from its end,
    // so the last five are kept (graphite-web's extend-then-delete).
    [InlineData("transformNull(summarize(a.b,\"2min\",\"sum\",true),9,a.c)", "transformNull(summarize(a.b, \"2min\", \"sum\", true),9,referenceSeries) [None, 9.0, 9.0, 9.0, 9.0]")]
    public void Replaces_none_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("transformNull(a.b)", "0", null)]
    [InlineData("transformNull(a.b,0)", "0.0", null)]
    [InlineData("transformNull(a.b,-1)", "-1.0", null)]
    [InlineData("transformNull(a.b,2.5,a.c)", "2.5", "1")]
    public void Tags_the_default_as_python_str(string target, string value, string? reference)
    {
        var series = Assert.Single(TransformData.Kit().Evaluate(target));
        Assert.Equal(value, series.Tags["transformNull"]);
        Assert.Equal(reference, series.Tags.TryGetValue("referenceSeries", out var r) ? r : null);
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Fact]
    public void A_longer_reference_extends_the_values()
    {
        // Both sides as graphite-web fetched them over one more minute: the reference shifted two minutes back.
        var kit = new FunctionTestKit()
            .Add("a.b", 1, double.NaN, -1.5, 4, 0.5, double.NaN, double.NaN, 8, 2.25, -3, double.NaN, double.NaN)
            .Add("r.ef", double.NaN, double.NaN, 10, 20, 30, 25, 5, double.NaN, 40, 100, 3, 7);
        Assert.Equal(
            "transformNull(a.b,1,referenceSeries) [1.0, None, -1.5, 4.0, 0.5, 1.0, 1.0, 8.0, 2.25, -3.0, 1.0, 1.0]",
            FunctionTestKit.Describe(kit.Evaluate("transformNull(a.b,1,r.ef)")));
    }
}
