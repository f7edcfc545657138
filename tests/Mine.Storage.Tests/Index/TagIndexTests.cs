using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

public class TagIndexTests
{
    [Fact]
    public void Indexes_every_tag_and_the_path_as_the_name_tag()
    {
        var tags = new TagIndex();
        tags.Add("disk.used;datacenter=dc1;rack=a1;server=web-01", 1);
        tags.Add("disk.used;datacenter=dc1;rack=a2;server=web-02", 2);
        tags.Add("cpu.load;datacenter=dc2;server=web-01", 3);

        Assert.Equal(["datacenter", "name", "rack", "server"], tags.TagNames());
        Assert.Equal([("dc1", 2), ("dc2", 1)], tags.Values("datacenter"));
        Assert.Equal([1, 2], tags.SeriesIds("name", "disk.used"));
        Assert.Equal([1, 3], tags.SeriesIds("server", "web-01"));
        Assert.Empty(tags.SeriesIds("server", "web-99"));
        Assert.Empty(tags.SeriesIds("nothing", "x"));
        Assert.Empty(tags.Values("nothing"));
        Assert.True(tags.TryGetName(3, out var name));
        Assert.Equal("cpu.load;datacenter=dc2;server=web-01", name);
        Assert.Equal(3, tags.Count);
    }

    /// <summary>
    /// The ids graphite-web 1.1.8's SQLite tag database gave when the differential data set's tagged series were
    /// registered in this order (tags_tag and tags_tagvalue rows read back from its graphite.db): every tried row
    /// uses up an id, so the second series' four known tags make "mount" id 46 after 12 series.
    /// </summary>
    [Fact]
    public void Tags_and_values_get_graphite_webs_sql_row_ids()
    {
        var tags = new TagIndex();
        string[] names =
        [
            "app.requests;dc=dc1;host=host01;status=200", "app.requests;dc=dc1;host=host01;status=500", "app.latency;dc=dc1;host=host01",
            "app.requests;dc=dc1;host=host02;status=200", "app.requests;dc=dc1;host=host02;status=500", "app.latency;dc=dc1;host=host02",
            "app.requests;dc=dc2;host=host06;status=200", "app.requests;dc=dc2;host=host06;status=500", "app.latency;dc=dc2;host=host06",
            "app.requests;dc=dc2;host=host07;status=200", "app.requests;dc=dc2;host=host07;status=500", "app.latency;dc=dc2;host=host07",
            "disk.used;host=host01;mount=root",
        ];
        for (var i = 0; i < names.Length; i++)
        {
            tags.Add(names[i], i);
        }

        tags.Add(names[0], 99); // known already: tries no rows

        Assert.Equal([1, 2, 3, 4, 46], new[] { "dc", "host", "status", "name", "mount" }.Select(t => tags.TagId(t)));
        Assert.Equal([1, 2, 3, 4, 7, 11, 13, 23, 24, 35, 46, 47],
            new[] { "dc1", "host01", "200", "app.requests", "500", "app.latency", "host02", "dc2", "host06", "host07", "root", "disk.used" }.Select(v => tags.ValueId(v)));
        Assert.Null(tags.TagId("nothing"));
    }

    [Fact]
    public void Values_may_contain_equals_signs() =>
        Assert.Equal([7], Add("q;expr=a=b", 7).SeriesIds("expr", "a=b"));

    [Fact]
    public void A_name_is_added_once()
    {
        var tags = Add("a;k=v", 1);

        Assert.False(tags.Add("a;k=v", 2));
        Assert.True(tags.TryGetId("a;k=v", out var id));
        Assert.Equal(1, id);
        Assert.Equal([1], tags.SeriesIds("k", "v"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a;")]
    [InlineData("a;k")]
    [InlineData("a;=v")]
    [InlineData("a;k=")]
    [InlineData(";k=v")]
    [InlineData("a;k=v;")]
    public void Malformed_tagged_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new TagIndex().Add(name, 1));

    [Fact]
    public async Task Postings_grow_safely_while_read()
    {
        var tags = new TagIndex();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                tags.Add($"m.{i};dc=dc1", i);
            }
        });

        while (!writer.IsCompleted)
        {
            var ids = tags.SeriesIds("dc", "dc1");
            Assert.Equal(Enumerable.Range(0, ids.Count), ids); // a prefix of the insertion order, never torn
        }

        await writer;
        Assert.Equal(20_000, tags.SeriesIds("dc", "dc1").Count);
    }

    private static TagIndex Add(string name, int id)
    {
        var tags = new TagIndex();
        tags.Add(name, id);
        return tags;
    }
}
