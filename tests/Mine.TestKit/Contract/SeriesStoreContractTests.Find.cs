using Xunit;

namespace Mine.TestKit.Contract;

/// <summary>Graphite globs over the name tree, and the list of every name.</summary>
public abstract partial class SeriesStoreContractTests
{
    private static readonly string[] TreeNames = ["a.b.c", "a.b.d", "a.b", "a.bc.x", "a.1.x", "a.2.x", "a.10.x", "b.x", "tag.m;dc=la"];

    private void WriteTree()
    {
        foreach (var name in TreeNames)
        {
            Assert.Equal(1, Write((name, Now - 60, 1)).Accepted);
        }
    }

    [StoreTheory]
    [InlineData("*", "B:a B:b")] // tagged series stay out of the tree
    [InlineData("a.*", "B:a.1 B:a.10 B:a.2 B:a.b L:a.b B:a.bc")] // ordinal order, a branch before a leaf of the same path
    [InlineData("a.b", "B:a.b L:a.b")]
    [InlineData("a.*.x", "L:a.1.x L:a.10.x L:a.2.x L:a.bc.x")] // * stays within a component
    [InlineData("a.{b,bc}.*", "L:a.b.c L:a.b.d L:a.bc.x")]
    [InlineData("a.[0-9].x", "L:a.1.x L:a.2.x")]
    [InlineData("a.?.x", "L:a.1.x L:a.2.x")]
    [InlineData("a.[!0-9b]*.x", "")]
    [InlineData("{a.b,b}.*", "L:a.b.c L:a.b.d L:b.x")] // braces spanning a dot
    [InlineData("a.b.c.*", "")]
    [InlineData("tag.m;dc=la", "L:tag.m;dc=la")] // a glob with ';' is an exact tagged lookup
    [InlineData("tag.m;dc=*", "")]
    public void Find_answers_globs_with_branches_and_leaves(string glob, string expected)
    {
        WriteTree();
        Assert.Equal(expected, FindText(glob));
    }

    [StoreFact]
    public void FindSeries_answers_the_leaves_of_find_and_both_stop_at_the_limit()
    {
        WriteTree();

        Assert.Equal(["a.b"], Store.Index.FindSeries("a.*").Select(static s => s.Name));
        Assert.Equal(["a.b.c", "a.b.d", "a.bc.x"], Store.Index.FindSeries("a.b*.*").Select(static s => s.Name));
        Assert.Equal(["a.b.c"], Store.Index.FindSeries("a.b*.*", 1).Select(static s => s.Name));
        Assert.Equal(["tag.m;dc=la"], Store.Index.FindSeries("tag.m;dc=la").Select(static s => s.Name));
        Assert.Equal("B:a.1 B:a.10", FindText("a.*", 2));
        Assert.Empty(Store.Index.Find("a.*", 0));
        foreach (var handle in Store.Index.FindSeries("*.*"))
        {
            Assert.Equal([1], Store.Reader.Fetch(handle, Now - 120, Now - 60, Now)!.Values);
        }
    }

    [StoreFact]
    public void AllNames_lists_every_stored_series_once()
    {
        WriteTree();
        Write(("a.b.c", Now, 2)); // an existing series again

        Assert.Equal(TreeNames.Order(StringComparer.Ordinal), Store.Index.AllNames().Order(StringComparer.Ordinal));
        Assert.Equal(TreeNames.Length, Store.Status.SeriesCount);
        Assert.All(TreeNames, name => Assert.Equal(MaxRetention, Store.Index.MaxRetentionSeconds(name)));
    }
}
