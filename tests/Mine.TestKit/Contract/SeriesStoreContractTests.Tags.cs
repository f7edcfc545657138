using Mine.Core.Errors;
using Mine.Core.Ports;
using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>seriesByTag and the tag listings, as graphite-web's tag database answers them.</summary>
public abstract partial class SeriesStoreContractTests
{
    private void WriteTagged()
    {
        foreach (var name in TaggedSeriesFixture.Names)
        {
            Assert.Equal(1, Write((name, Now - 60, 1)).Accepted);
        }

        Write(("untagged.series", Now - 60, 1));
    }

    [StoreTheory]
    [InlineData("dc=la", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("dc=la & host!=a", "disk.used;dc=la;host=b")]
    [InlineData("dc=~la", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b net.rx;dc=la-2;host=e")]
    [InlineData("dc=~^la$", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("host=a & dc!=~la.*", "cpu.load;dc=ny;host=a;rack=r1 q.expr;expr=a=b;host=a")] // no dc reads as ""
    [InlineData("name=disk.used & host!=c", "disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("rack=~r & env=", "cpu.load;dc=ny;host=a;rack=r1")]
    [InlineData("expr=a=b", "q.expr;expr=a=b;host=a")]
    [InlineData("dc=nowhere", "")]
    public void FindTaggedSeries_answers_seriesByTag_expressions(string expressions, string expected)
    {
        WriteTagged();
        var found = Store.Tags.FindTaggedSeries(expressions.Split(" & "));
        Assert.Equal(expected, string.Join(' ', found.Select(static s => s.Name)));
        foreach (var handle in found)
        {
            Assert.Equal([1], Store.Reader.Fetch(handle, Now - 120, Now - 60, Now)!.Values);
        }
    }

    [StoreFact]
    public void FindTaggedSeries_stops_at_the_limit_and_refuses_bad_expressions()
    {
        WriteTagged();

        Assert.Equal(["cpu.load;dc=ny;host=a;rack=r1", "cpu.load;dc=sf;env=prod;host=d;rack=r2"], Store.Tags.FindTaggedSeries(["host=~."], 2).Select(static s => s.Name));
        Assert.Throws<MineUserException>(() => Store.Tags.FindTaggedSeries([]));
        Assert.Throws<MineUserException>(() => Store.Tags.FindTaggedSeries(["dc="])); // every expression accepts a missing tag
        Assert.Throws<MineUserException>(() => Store.Tags.FindTaggedSeries(["no operator"]));
        Assert.Throws<MineUserException>(() => Store.Tags.FindTaggedSeries(["dc=~("]));
    }

    [StoreFact]
    public void Tags_are_listed_in_code_point_order_with_stable_ids()
    {
        WriteTagged();

        var all = Store.Tags.ListTags(null, null);
        Assert.Equal(["dc", "env", "expr", "host", "name", "rack"], all.Select(static t => t.Tag));
        Assert.Equal(all.Count, all.Select(static t => t.Id).Distinct().Count());
        Assert.Equal(["env", "expr"], Store.Tags.ListTags("e", null).Select(static t => t.Tag)); // anchored at the start
        Assert.Equal(["dc", "env"], Store.Tags.ListTags(null, 2).Select(static t => t.Tag));
        Assert.Equal(all, Store.Tags.ListTags("", -1));
        Assert.Throws<MineUserException>(() => Store.Tags.ListTags("(", null));

        Assert.Null(Store.Tags.GetTag("nope"));
        Assert.Equal(all.Single(static t => t.Tag == "host"), Store.Tags.GetTag("host"));
    }

    [StoreFact]
    public void A_tags_values_come_with_their_series_counts()
    {
        WriteTagged();

        var values = Store.Tags.TagValues("dc", null, null);
        Assert.Equal([("LA", 1), ("la", 3), ("la-2", 1), ("ny", 2), ("sf", 1)], values.Select(static v => (v.Value, v.SeriesCount)));
        Assert.Equal(values.Count, values.Select(static v => v.Id).Distinct().Count());
        Assert.Equal(["la", "la-2"], Store.Tags.TagValues("dc", "la", null).Select(static v => v.Value));
        Assert.Equal(["LA"], Store.Tags.TagValues("dc", null, 1).Select(static v => v.Value));
        Assert.Equal(["disk.free", "disk.used"], Store.Tags.TagValues("name", "disk", null).Select(static v => v.Value));
        Assert.Empty(Store.Tags.TagValues("nope", null, null));
    }

    [StoreFact]
    public void Autocomplete_offers_the_tags_and_values_of_the_matching_series()
    {
        WriteTagged();

        Assert.Equal(["env", "expr"], Store.Tags.AutoCompleteTags([], "e", null));
        Assert.Equal(["host", "name"], Store.Tags.AutoCompleteTags(["dc=la"], null, null)); // not the tags searched
        Assert.Equal(["host"], Store.Tags.AutoCompleteTags(["dc=la"], null, 1));
        Assert.Empty(Store.Tags.AutoCompleteTags(["dc=la"], null, -1)); // graphite-web: a negative limit bounds the query to nothing
        Assert.Equal(["dc", "env", "expr", "host", "name"], Store.Tags.AutoCompleteTags([], null, -1)); // then slices [:-1]
        Assert.Equal(["a", "b", "c"], Store.Tags.AutoCompleteValues(["name=disk.used"], "host", null, null));
        Assert.Equal(["la", "la-2"], Store.Tags.AutoCompleteValues([], "dc", "l", null));
        Assert.Equal(["r1"], Store.Tags.AutoCompleteValues(["dc=ny"], "rack", null, null)); // only series carrying the tag
        Assert.Equal(["a"], Store.Tags.AutoCompleteValues(["name=disk.used"], "host", null, 1));
        Assert.Throws<MineUserException>(() => Store.Tags.AutoCompleteTags(["no operator"], null, null));
    }

    [StoreFact]
    public void Untagged_series_are_not_in_the_tag_database()
    {
        WriteTagged();

        Assert.Empty(Store.Tags.FindTaggedSeries(["name=untagged.series"]));
        Assert.DoesNotContain(Store.Tags.TagValues("name", null, null), static v => v.Value == "untagged.series");
        Assert.IsType<TagEntry>(Store.Tags.GetTag("name"));
    }
}
