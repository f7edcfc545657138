using Mine.Query.Functions.Sorting;
using Mine.Query.Tests.Functions.FilterSeries;

namespace Mine.Query.Tests.Functions.Sorting;

public class SortByNameTests
{
    private static FunctionTestKit Kit()
    {
        var kit = new FunctionTestKit();
        foreach (var name in new[] { "server11", "server2", "Server3", "server02", "server10x20", "server1" })
        {
            kit.Add("b." + name, 1);
        }

        return kit;
    }

    [Theory]
    [InlineData("sortByName(b.*)", "Server3 server02 server1 server10x20 server11 server2")]
    [InlineData("sortByName(b.*,false,true)", "server2 server11 server10x20 server1 server02 Server3")]

    // server02 and server2 share the key server0000000002 and keep their order, reversed or not.
    [InlineData("sortByName(b.*,true)", "Server3 server1 server02 server2 server10x20 server11")]
    [InlineData("sortByName(b.*,true,true)", "server11 server10x20 server02 server2 server1 Server3")]
    [InlineData("sortByName(b.*,natural=true)", "Server3 server1 server02 server2 server10x20 server11")]
    [InlineData("sortByName(x.*)", "")]
    public void Orders_by_name_like_graphite_web(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(Kit().Evaluate(target)));
    }

    [Theory]
    [InlineData("server1", "server0000000001")]
    [InlineData("a007b", "a0000000007b")]
    [InlineData("x12345678901234", "x12345678901234")]
    [InlineData("z000", "z0000000000")]
    [InlineData("v\u0663\u0664.w2", "v0000000034.w0000000002")]
    [InlineData("a1.b22.c333", "a0000000001.b0000000022.c0000000333")]
    public void The_natural_key_is_pythons(string name, string key)
    {
        Assert.Equal(key, SortByName.NaturalKey(name));
    }
}
