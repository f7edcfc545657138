using Mine.Core.Series;
using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

public class MetricNameIndexTests
{
    [Fact]
    public void Added_names_are_found_by_exact_name()
    {
        var index = new MetricNameIndex();

        Assert.True(index.TryAdd("servers.web-001.cpu-0.cpu-user", 7));
        Assert.True(index.TryAdd("servers.web-001.load", 8));

        Assert.True(index.TryGetId("servers.web-001.cpu-0.cpu-user", out var id));
        Assert.Equal(7, id);
        Assert.False(index.TryGetId("servers.web-001", out _)); // a branch, not a series
        Assert.False(index.TryGetId("servers.web-001.cpu-0.cpu-user.x", out _));
        Assert.False(index.TryGetId("servers.web-002.load", out _));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Adding_an_existing_name_keeps_the_first_id()
    {
        var index = new MetricNameIndex();
        index.TryAdd("a.b", 1);

        Assert.False(index.TryAdd("a.b", 2));
        Assert.True(index.TryGetId("a.b", out var id));
        Assert.Equal(1, id);
        Assert.Equal(1, index.Count);
    }

    [Theory]
    [InlineData("a.b", "a.b.c")]
    [InlineData("a.b.c", "a.b")]
    public void A_path_can_be_leaf_and_branch_in_either_order(string first, string second)
    {
        var index = new MetricNameIndex();

        Assert.True(index.TryAdd(first, 1));
        Assert.True(index.TryAdd(second, 2));

        Assert.Equal([new MetricNode("a.b", false), new MetricNode("a.b", true)], index.Find("a.b"));
        Assert.Equal([new MetricNode("a.b", false), new MetricNode("a.b", true)], index.Find("a.*"));
        Assert.True(index.TryGetId("a.b", out _));
        Assert.True(index.TryGetId("a.b.c", out _));
        Assert.Equal(2, index.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    [InlineData("a;")]
    [InlineData("a;b")]
    [InlineData(";a=b")]
    [InlineData("a;=b")]
    [InlineData("a;b=")]
    public void Malformed_names_are_refused(string name)
    {
        var index = new MetricNameIndex();

        Assert.ThrowsAny<ArgumentException>(() => index.TryAdd(name, 1));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Negative_ids_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricNameIndex().TryAdd("a", -1));

    [Fact]
    public void Tagged_names_are_counted_and_looked_up_but_kept_out_of_the_tree()
    {
        var index = new MetricNameIndex();
        index.TryAdd("disk.used;datacenter=dc1;server=web-01", 1);
        index.TryAdd("disk.used", 2);

        Assert.True(index.TryGetId("disk.used;datacenter=dc1;server=web-01", out var id));
        Assert.Equal(1, id);
        Assert.False(index.TryAdd("disk.used;datacenter=dc1;server=web-01", 3));
        Assert.Equal(2, index.Count);
        Assert.Equal([new MetricNode("disk.used", true)], index.Find("*.*"));
        Assert.Equal([1], index.Tags.SeriesIds("server", "web-01"));
    }

    [Fact]
    public void All_lists_every_series_once()
    {
        var index = new MetricNameIndex();
        var names = new[] { "a.b", "a.b.c", "a.bc", "x", "y.z;k=v" };
        for (var i = 0; i < names.Length; i++)
        {
            index.TryAdd(names[i], i);
        }

        Assert.Equal(
            names.Select((n, i) => (n, i)).OrderBy(p => p.n, StringComparer.Ordinal),
            index.All().OrderBy(p => p.Name, StringComparer.Ordinal));
    }
}
