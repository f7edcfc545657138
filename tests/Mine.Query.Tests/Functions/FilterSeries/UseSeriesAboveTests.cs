namespace Mine.Query.Tests.Functions.FilterSeries;

public class UseSeriesAboveTests
{
    [Theory]
    [InlineData("useSeriesAbove(q.*,29,'q','p')", "p.c p.d p.e")]
    [InlineData("useSeriesAbove(q.*,29,'^q\\.(?P<x>[a-z])$','p.\\g<x>')", "p.c p.d p.e")]

    // q.e is above the value too, and the pattern leaves its name alone.
    [InlineData("useSeriesAbove(q.*,29,'q\\.(c|d)','p.\\1')", "p.c p.d q.e")]
    [InlineData("useSeriesAbove(q.*,100,'q','p')", "")]

    // The names are joined into one group(...) target; a series the pattern leaves alone is fetched again as is.
    [InlineData("useSeriesAbove(q.{a,b},1,'q.a','p.c')", "p.c q.b")]

    // '$' is literal in a Python replacement; such a series does not exist.
    [InlineData("useSeriesAbove(q.*,29,'q','p$1')", "")]
    [InlineData("useSeriesAbove(x.*,1,'[','y')", "")]
    public void Fetches_the_related_series_of_those_above_the_value(string target, string expected)
    {
        var result = SampleSeries.Spread().Evaluate(target);
        Assert.Equal(expected, string.Join(" ", result.Select(s => s.Name)));
    }

    [Fact]
    public void The_new_series_come_with_their_own_values()
    {
        var result = SampleSeries.Spread().Evaluate("useSeriesAbove(q.c,29,'q','p')");
        Assert.Equal("p.c [3.0, 30.0, 7.0, 7.0, 3.0]", FunctionTestKit.Describe(result));
    }

    [Theory]

    // graphite-web's max(series) raises TypeError on None values.
    [InlineData("useSeriesAbove(a.*,2,'s','x')")]
    [InlineData("useSeriesAbove(a.s4,2,'s','x')")]

    // Python's re.sub rejects these replacements.
    [InlineData("useSeriesAbove(q.*,1,'q','\\q')")]
    [InlineData("useSeriesAbove(q.*,1,'q','p\\1')")]
    [InlineData("useSeriesAbove(q.*,1,'(q)','\\g<2>')")]
    [InlineData("useSeriesAbove(q.*,1,'[','p')")]
    public void Cases_where_graphite_web_raises_are_errors(string target)
    {
        var kit = SampleSeries.Spread().Add("a.s1", 1, 2, 3, 4, 5).Add("a.s5", 1, double.NaN, 5, double.NaN, double.NaN).Add("a.s4", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        Assert.Throws<QueryArgumentException>(() => kit.Evaluate(target));
    }
}
