using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Functions.Common;

/// <summary>getNodeOrTag: <c>name.split(';')[0].split('.')[n]</c> for a whole number, else the tag's value or "".</summary>
public class SeriesNamingTests
{
    [Theory]
    [InlineData("servers.web-001.cpu-0.cpu-user", 0L, "servers")]
    [InlineData("servers.web-001.cpu-0.cpu-user", 1L, "web-001")]
    [InlineData("servers.web-001.cpu-0.cpu-user", 3L, "cpu-user")]
    [InlineData("servers.web-001.cpu-0.cpu-user", -1L, "cpu-user")]
    [InlineData("servers.web-001.cpu-0.cpu-user", -4L, "servers")]
    [InlineData("servers.web-001.cpu-0.cpu-user", 4L, "")]
    [InlineData("servers.web-001.cpu-0.cpu-user", -5L, "")]
    [InlineData("a..b", 1L, "")]
    [InlineData("a..b", 2L, "b")]
    [InlineData("single", 0L, "single")]
    [InlineData("disk.used;dc=east;rack=r1", 1L, "used")]
    [InlineData("disk.used;dc=east;rack=r1", -1L, "used")]
    [InlineData("disk.used;dc=east;rack=r1", "dc", "east")]
    [InlineData("disk.used;dc=east;rack=r1", "zone", "")]
    [InlineData("a.b.c", 1.0, "b")]
    [InlineData("a.b.c", true, "b")]
    public void Picks_the_node_or_tag(string name, object node, string expected)
        => Assert.Equal(expected, SeriesNaming.GetNodeOrTag(new TimeSeries(name, 0, 60, 60, [1.0]), node));

    [Fact]
    public void A_function_wrapped_name_reads_its_first_path()
        => Assert.Equal("b.c", SeriesNaming.AggKey(new TimeSeries("scale(a.b.c.d,2)", 0, 60, 60, [1.0]), [1L, 2L]));
}
