using Mine.Core.Errors;
using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>/tags/tagSeries' canonical names and errors, as graphite-web 1.1.8 answers them.</summary>
public class TaggedSeriesNameTests
{
    [Theory]
    [InlineData("disk.used;host=b;dc=la", "disk.used;dc=la;host=b")]
    [InlineData("~~x;b=1;a=2;name=zz", "x;a=2;b=1")]
    [InlineData("plain.metric", "plain.metric")]
    [InlineData("~plain", "plain")]
    [InlineData("m;a=1;a1=2", "m;a1=2;a=1")] // Python sorts ";a1=2" before ";a=1" ('1' < '=')
    [InlineData("m;k=1;k=2", "m;k=2")]
    [InlineData("m;expr=a=b", "m;expr=a=b")]
    [InlineData("m{b=\"2\",a=\"x\\\"y\"}", "m;a=x\"y;b=2")]
    [InlineData("m{a=\"1\"}", "m;a=1")]
    public void Canonicalizes(string path, string expected) => Assert.Equal(expected, TaggedSeriesName.Canonicalize(path));

    [Theory]
    [InlineData(";a=b", "Cannot parse path ;a=b, no metric found")]
    [InlineData("x;a", "Cannot parse path x;a, invalid segment a")]
    [InlineData("x;=a", "Cannot parse path x;=a, invalid segment =a")]
    [InlineData("x;a=b;", "Cannot parse path x;a=b;, invalid segment ")]
    [InlineData("x;a=", "Value for tag \"a\" may not be empty")]
    [InlineData("x;a!=b", "Character \"!\" is not allowed in tag \"a!\"")]
    [InlineData("x;a^b=c", "Character \"^\" is not allowed in tag \"a^b\"")]
    [InlineData("x;a=~b", "Tag values are not allowed to start with \"~\" in tag \"a\"")]
    [InlineData("~~~;a=b", "Cannot use metric name ~~~ as tag value, results in emptry string")]
    [InlineData("m{a=\"1\"{b=\"2\"}", "too many values to unpack (expected 2)")]
    [InlineData("m{a=1,b=\"2\"}", "Cannot parse path m{a=1,b=\"2\"}, invalid segment a=1,b=\"2\"")]
    public void Refuses_what_graphite_web_refuses(string path, string messageStart) =>
        Assert.StartsWith(messageStart, Assert.Throws<MineUserException>(() => TaggedSeriesName.Canonicalize(path)).Message, StringComparison.Ordinal);
}
