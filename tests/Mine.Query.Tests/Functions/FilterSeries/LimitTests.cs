namespace Mine.Query.Tests.Functions.FilterSeries;

public class LimitTests
{
    [Theory]
    [InlineData("limit(a.*,2)", "s1 s2")]
    [InlineData("limit(a.*,100)", "s1 s2 s3 s4 s5 s6 s7")]
    [InlineData("limit(a.*,0)", "")]

    // A Python slice [0:-2]: all but the last two.
    [InlineData("limit(a.*,-2)", "s1 s2 s3 s4 s5")]
    [InlineData("limit(a.*,-100)", "")]
    public void Keeps_the_first_n(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Fact]
    public void N_is_required_and_whole()
    {
        Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate("limit(a.*)"));
        Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate("limit(a.*,'x')"));
    }
}
