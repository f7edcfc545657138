namespace Mine.Query.Tests.Functions.FilterSeries;

public class UniqueTests
{
    [Theory]
    [InlineData("unique(a.s1,a.s2,a.s1,a.*)", "s1 s2 s3 s4 s5 s6 s7")]
    [InlineData("unique(a.s3,highest(a.*,2))", "s3 s6 s1")]
    [InlineData("unique(a.s2)", "s2")]
    [InlineData("unique(x.*)", "")]
    public void Keeps_the_first_series_of_each_name(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(SampleSeries.Mixed().Evaluate(target)));
    }

    [Fact]
    public void The_first_of_equal_names_wins_and_keeps_its_place()
    {
        var kit = new FunctionTestKit().Add("x.y", 1, 2).Add("x.z", 5, 6);
        Assert.Equal("x.z [5.0, 6.0]\nx.y [1.0, 2.0]", FunctionTestKit.Describe(kit.Evaluate("unique(x.z,x.*)")));
    }
}
