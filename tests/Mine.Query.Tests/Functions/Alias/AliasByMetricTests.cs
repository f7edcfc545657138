using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class AliasByMetricTests
{
    [Theory]
    [InlineData("aliasByMetric(alias-special.a.*)", "b " + AB + "\nc " + AC)]
    [InlineData("aliasByMetric(scale(alias-special.a.b, 2))", "b [2.0, 2.0, None, 4.0, 4.0, 6.0, None, None, 6.0]")]
    [InlineData("alias(alias-special.a.b, 'f(a.b,c.d)')|aliasByMetric()", "d " + AB)]
    public void Names_by_the_last_node(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));
}
