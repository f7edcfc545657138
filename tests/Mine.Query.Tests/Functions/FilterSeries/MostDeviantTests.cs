namespace Mine.Query.Tests.Functions.FilterSeries;

public class MostDeviantTests
{
    [Theory]

    // Variances: s6 6.6875, s5 4, s1 = s2 2, s3 = s7 0; s4 has no values and is dropped.
    [InlineData("mostDeviant(a.*,10)", "s6 s5 s1 s2 s3 s7")]
    [InlineData("mostDeviant(a.*,2)", "s6 s5")]
    [InlineData("mostDeviant(a.*,-1)", "s6 s5 s1 s2 s3")]
    [InlineData("mostDeviant(a.*,0)", "")]
    [InlineData("mostDeviant(a.s4,1)", "")]
    public void Ranks_by_variance_and_slices(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Fact]
    public void Series_pass_through_unchanged()
    {
        Assert.Equal("a.s5 [1.0, None, 5.0, None, None]", FunctionTestKit.Describe(SampleSeries.Mixed().Evaluate("mostDeviant(a.s5,1)")));
    }
}
