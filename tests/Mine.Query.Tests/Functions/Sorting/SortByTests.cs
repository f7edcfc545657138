using Mine.Query.Tests.Functions.FilterSeries;

namespace Mine.Query.Tests.Functions.Sorting;

public class SortByTests
{
    [Theory]

    // Stable: equal keys keep their order, also in reverse; None sorts lowest (keyFunc's -inf).
    [InlineData("sortBy(a.*)", "s4 s1 s2 s3 s5 s7 s6")]
    [InlineData("sortBy(a.*,'average',true)", "s6 s1 s2 s3 s5 s7 s4")]
    [InlineData("sortBy(a.*,reverse=true)", "s6 s1 s2 s3 s5 s7 s4")]
    [InlineData("sortBy(a.*,'stddev')", "s4 s3 s7 s1 s2 s5 s6")]
    [InlineData("sortBy(a.*,'median')", "s4 s1 s2 s3 s5 s6 s7")]
    [InlineData("sortBy(a.*,'diff')", "s4 s1 s6 s3 s7 s2 s5")]
    [InlineData("sortBy(a.*,'count',true)", "s1 s2 s3 s7 s6 s5 s4")]
    [InlineData("sortBy(a.*,'range')", "s4 s3 s7 s1 s2 s5 s6")]
    [InlineData("sortByMaxima(a.*)", "s6 s1 s2 s5 s3 s7 s4")]
    [InlineData("sortByTotal(a.*)", "s1 s2 s3 s6 s7 s5 s4")]

    // sortByMinima drops the series whose maximum is not above 0 (and those without values).
    [InlineData("sortByMinima(a.*)", "s1 s2 s5 s6 s3 s7")]
    [InlineData("sortByMinima(c.*)", "")]
    [InlineData("sortByMinima(x.*)", "")]
    public void Order_by_the_aggregate_like_graphite_web(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Theory]
    [InlineData("sortBy(a.*,'mean')", "Invalid option specified for function \"sortBy\" parameter \"func\"")]
    [InlineData("sortBy(a.*,'max','yes')", "Invalid \"boolean\" value specified for function \"sortBy\" parameter \"reverse\"")]
    [InlineData("sortByTotal(a.*,true)", "Too many parameters specified for function \"sortByTotal\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
