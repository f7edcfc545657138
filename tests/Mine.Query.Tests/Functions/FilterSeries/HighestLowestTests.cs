namespace Mine.Query.Tests.Functions.FilterSeries;

public class HighestLowestTests
{
    [Theory]
    [InlineData("highest(a.*,3)", "s6 s1 s2")]

    // Equal keys keep their order even when sorting in reverse (s1, s2, s5 all have max 5); None ranks lowest.
    [InlineData("highest(a.*,10,'max')", "s6 s1 s2 s5 s3 s7 s4")]
    [InlineData("highest(a.*,-2)", "s6 s1 s2 s3 s5")]
    [InlineData("highest(a.*,0)", "")]
    [InlineData("highest(a.*,3,'multiply')", "s3 s7 s1")]
    [InlineData("highest(a.*,3,'avg_zero')", "s1 s2 s3")]
    [InlineData("highest(a.*,n=2,func='min')", "s3 s7")]
    [InlineData("lowest(a.*,10)", "s4 s1 s2 s3 s5 s7 s6")]
    [InlineData("lowest(a.*,3,'last')", "s4 s2 s3")]
    [InlineData("lowest(a.*,0)", "")]
    [InlineData("highestCurrent(a.*,10)", "s6 s1 s5 s3 s7 s2 s4")]
    [InlineData("lowestCurrent(a.*,10)", "s4 s2 s3 s7 s1 s5 s6")]
    [InlineData("highestMax(a.*,4)", "s6 s1 s2 s5")]
    [InlineData("highestAverage(a.*,2)", "s6 s1")]
    [InlineData("lowestAverage(a.*,2)", "s4 s1")]
    [InlineData("highest(x.*,2)", "")]
    public void Rank_by_the_aggregate_like_graphite_web(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Theory]
    [InlineData("highest(a.*)", "Missing required parameter \"n\" for function \"highest\"")]
    [InlineData("highest(a.*,1.5)", "Invalid \"integer\" value specified for function \"highest\" parameter \"n\"")]
    [InlineData("lowest(a.*,1,'mean')", "Invalid option specified for function \"lowest\" parameter \"func\"")]
    [InlineData("highestMax(a.*,1,'max')", "Too many parameters specified for function \"highestMax\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
