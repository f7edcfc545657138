using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class AliasByNodeTests
{
    [Theory]
    [InlineData("aliasByNode(alias-special.a.*, 1, -1)", "a.b " + AB + "\na.c " + AC)]
    [InlineData("aliasByNode(scale(alias-special.a.*, 2), 2, 0)", "b.alias-special [2.0, 2.0, None, 4.0, 4.0, 6.0, None, None, 6.0]\nc.alias-special [0.25, 5.35, 2469134.0, 4096.0, 0.002, None, None, None, None]")]
    [InlineData("aliasByTags(alias-special.a.b, \"name\", 1)", "alias-special.a.b.a " + AB)]
    [InlineData("aliasByNode(alias-special.a.b, 7)", " " + AB)]
    [InlineData("aliasByNode(alias-special.a.b, 'missing', 2)", ".b " + AB)]
    public void Names_by_nodes_and_tags(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Reads_tags_of_tagged_series()
    {
        var kit = new FunctionTestKit().Add("cpu.load;dc=dc1;server=s1", 1);
        var result = kit.Evaluate("aliasByTags(seriesByTag('name=cpu.load'), 'dc', 'server', 1)");
        Assert.Equal("dc1.s1.load", Assert.Single(result).Name);
    }

    [Fact]
    public void Needs_a_node()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("aliasByNode(alias-special.a.b)"));
        Assert.StartsWith("Missing required parameter \"nodes\" for function \"aliasByNode\"", error.Message, StringComparison.Ordinal);
    }
}
