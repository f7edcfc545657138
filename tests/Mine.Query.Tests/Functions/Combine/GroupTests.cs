using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class GroupTests
{
    [Theory]
    [InlineData("group(m.b,m.*)", "m.b [2.0]\nm.a [1.0]\nm.b [2.0]")]
    [InlineData("group(nothing,m.a)", "m.a [1.0]")]
    [InlineData("group()", "")]
    [InlineData("group(m.a)|group(m.b)", "m.a [1.0]\nm.b [2.0]")]
    public void Concatenates_the_lists_in_order(string target, string expected)
    {
        var kit = new FunctionTestKit().Add("m.a", 1).Add("m.b", 2);
        Assert.Equal(expected, FunctionTestKit.Describe(kit.Evaluate(target)));
    }

    [Fact]
    public void Rejects_arguments_that_are_not_series()
    {
        var kit = new FunctionTestKit().Add("m.a", 1);
        var error = Assert.Throws<QueryArgumentException>(() => kit.Evaluate("group(m.a,3)"));
        Assert.StartsWith("Invalid \"seriesList\" value specified for function \"group\" parameter \"seriesLists\"", error.Message, StringComparison.Ordinal);
    }
}
