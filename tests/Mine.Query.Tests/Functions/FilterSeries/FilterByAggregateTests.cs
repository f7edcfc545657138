namespace Mine.Query.Tests.Functions.FilterSeries;

public class FilterByAggregateTests
{
    [Theory]
    [InlineData("filterSeries(a.*,'max','=',3)", "s3 s7")]
    [InlineData("filterSeries(a.*,'last','!=',3)", "s1 s2 s4 s5 s6")]
    [InlineData("filterSeries(a.*,'sum','<',13)", "s4 s5")]
    [InlineData("filterSeries(a.*,'count','<=',3)", "s4 s5")]
    [InlineData("filterSeries(a.*,'min','>=',2)", "s3 s7")]
    [InlineData("filterSeries(a.*,'median','>=',3)", "s1 s2 s3 s5 s6 s7")]
    [InlineData("filterSeries(a.*,'stddev','>',1.5)", "s5 s6")]
    [InlineData("filterSeries(a.*,'avg_zero','<',2.5)", "s4 s5")]
    [InlineData("filterSeries(a.*,'multiply','>',100)", "s1 s2 s3 s7")]
    [InlineData("filterSeries(a.*,'range','=',4)", "s1 s2 s5")]
    [InlineData("filterSeries(a.*,'rangeOf','>',0)", "s1 s2 s5 s6")]
    [InlineData("filterSeries(a.*,'total','<=',15)", "s1 s2 s3 s4 s5 s6 s7")]
    [InlineData("filterSeries(c.*,'diff','>=',0)", "neg zero")]
    [InlineData("filterSeries(a.*,func='max',operator='>',threshold=4)", "s1 s2 s5 s6")]
    [InlineData("filterSeries(x.*,'max','>',4)", "")]
    public void FilterSeries_compares_the_aggregate_and_treats_none_like_graphite_web(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Theory]
    [InlineData("currentAbove(a.*,2)", "s1 s3 s5 s6 s7")]
    [InlineData("currentBelow(a.*,2)", "s2 s4")]
    [InlineData("averageAbove(a.*,3)", "s6")]
    [InlineData("averageBelow(a.*,3)", "s1 s2 s3 s4 s5 s7")]
    [InlineData("maximumAbove(a.*,4)", "s1 s2 s5 s6")]
    [InlineData("maximumBelow(a.*,4)", "s3 s4 s7")]
    [InlineData("minimumAbove(a.*,1)", "s3 s7")]
    [InlineData("minimumBelow(a.*,1)", "s1 s2 s4 s5 s6")]
    [InlineData("a.*|maximumAbove(4.5)", "s1 s2 s5 s6")]
    public void Shortcuts_use_their_aggregation_and_operator(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Fact]
    public void Series_pass_through_unchanged()
    {
        var result = SampleSeries.Mixed().Evaluate("averageAbove(a.*,3)");
        Assert.Equal("a.s6 [2.0, 4.0, None, 1.0, 8.0]", FunctionTestKit.Describe(result));
    }

    [Theory]
    [InlineData("filterSeries(a.*,'x','>',1)", "Invalid option specified for function \"filterSeries\" parameter \"func\"")]
    [InlineData("filterSeries(a.*,'max','~',1)", "Invalid option specified for function \"filterSeries\" parameter \"operator\"")]
    [InlineData("filterSeries(a.*,'max','>')", "Missing required parameter \"threshold\" for function \"filterSeries\"")]
    [InlineData("maximumAbove(a.*)", "Missing required parameter \"n\" for function \"maximumAbove\"")]
    [InlineData("currentAbove(a.*,'x')", "Invalid \"float\" value specified for function \"currentAbove\" parameter \"n\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => SampleSeries.Mixed().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
