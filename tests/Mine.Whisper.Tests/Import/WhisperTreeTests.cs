using Mine.Whisper.Import;

namespace Mine.Whisper.Tests.Import;

public sealed class WhisperTreeTests
{
    [Theory]
    [InlineData("servers/web-001/cpu-0/cpu-user.wsp", null, "servers.web-001.cpu-0.cpu-user")]
    [InlineData("servers/web-001/load.wsp", "old", "old.servers.web-001.load")]
    [InlineData("servers/web-001/load.wsp", "old.", "old.servers.web-001.load")]
    [InlineData("_tagged/eff/aae/some_DOT_metric;tag1=value2;tag2=value_DOT_2.wsp", null, "some.metric;tag1=value2;tag2=value.2")]
    public void A_file_path_names_its_series_as_carbon_does(string path, string? prefix, string expected)
    {
        Assert.Equal(expected, WhisperTree.SeriesName(path, prefix, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("_tagged/eff/aae/effaae0123456789.wsp", "TAG_HASH_FILENAMES")]
    [InlineData("_tagged/eff/x;a=b.wsp", "_tagged/xxx/yyy/NAME.wsp")]
    public void A_tagged_file_whose_name_cannot_be_recovered_says_why(string path, string reason)
    {
        Assert.Null(WhisperTree.SeriesName(path, null, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tagged_file_stored_under_its_hash_is_named_from_the_tag_database_names()
    {
        // The hash carbon's TaggedSeries.encode('imp.tagged;dc=west;host=h1', hash_only=True) puts in the path.
        const string hash = "dcb6784591c9821d8e50b210e031a4b60095d38dbea94b80547aefc60c322832";
        Assert.Equal(hash, TaggedNameTable.Hash("imp.tagged;dc=west;host=h1"));
        var names = new TaggedNameTable(["other;a=b", " imp.tagged;dc=west;host=h1 ", "plain.name"]);

        Assert.Equal(2, names.Count);
        Assert.Equal("imp.tagged;dc=west;host=h1", WhisperTree.SeriesName($"_tagged/dcb/678/{hash}.wsp", null, out var problem, names));
        Assert.Null(problem);
        Assert.Null(WhisperTree.SeriesName($"_tagged/dcb/678/{hash}.wsp", null, out problem, new TaggedNameTable(["other;a=b"])));
        Assert.Contains("--tag-names", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_listed_relative_and_in_ordinal_order_without_other_files()
    {
        var root = Directory.CreateTempSubdirectory("mine-whisper-tree-").FullName;
        try
        {
            foreach (var file in new[] { "b/z.wsp", "a/B.wsp", "a/a.wsp", "a/notes.txt", "_tagged/abc/def/x;k=v.wsp" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
                File.WriteAllText(Path.Combine(root, file), "");
            }

            Assert.Equal(["_tagged/abc/def/x;k=v.wsp", "a/B.wsp", "a/a.wsp", "b/z.wsp"], WhisperTree.Files(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
