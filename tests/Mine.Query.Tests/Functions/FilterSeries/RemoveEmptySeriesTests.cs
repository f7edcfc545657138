namespace Mine.Query.Tests.Functions.FilterSeries;

public class RemoveEmptySeriesTests
{
    [Theory]
    [InlineData("removeEmptySeries(a.*)", "s1 s2 s3 s5 s6 s7")]
    [InlineData("removeEmptySeries(a.*,0.4)", "s1 s2 s3 s5 s6 s7")]
    [InlineData("removeEmptySeries(a.*,0.6)", "s1 s2 s3 s6 s7")]
    [InlineData("removeEmptySeries(a.*,0.8)", "s1 s2 s3 s6 s7")]
    [InlineData("removeEmptySeries(a.*,1)", "s1 s2 s3 s7")]
    [InlineData("removeEmptySeries(a.*,xFilesFactor=None)", "s1 s2 s3 s5 s6 s7")]
    public void Keeps_series_with_enough_values(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Fact]
    public void The_default_is_zero_not_the_requests_factor()
    {
        Assert.Equal("s1 s2 s3 s5 s6 s7", SampleSeries.Names(SampleSeries.Mixed().Evaluate("removeEmptySeries(a.*)", xFilesFactor: 1)));
    }

    [Fact]
    public void A_series_without_points_is_empty()
    {
        var kit = new FunctionTestKit().Add("a.b");
        Assert.Empty(kit.Evaluate("removeEmptySeries(a.b)", until: FunctionTestKit.Start + 60));
    }
}
