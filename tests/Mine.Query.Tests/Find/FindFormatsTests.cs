using System.Buffers;
using System.Text;
using Mine.Core.Series;
using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

/// <summary>Behaviour around the golden cases: query helpers and the orderings graphite-web leaves to chance.</summary>
public sealed class FindFormatsTests
{
    [Theory]
    [InlineData("a.b.*", "a.b.")]
    [InlineData("*", "")]
    [InlineData("a.", "a.")]
    public void BasePath_keeps_everything_up_to_the_last_dot(string query, string expected)
        => Assert.Equal(expected, FindFormats.BasePath(query));

    [Theory]
    [InlineData("a.b", false, "a.b*")]
    [InlineData("a..b", false, "a*.b*")]
    [InlineData("a.*", false, "a.*")]
    [InlineData("a.x,y.b", true, "a.{x,y}.b*")]
    [InlineData("a.{x,y}.b", true, "a.{x,y}.b*")]
    [InlineData("a.x,y.b", false, "a.x,y.b*")]
    public void CompleterQuery_rewrites_like_find_view(string query, bool automaticVariants, string expected)
        => Assert.Equal(expected, FindFormats.CompleterQuery(query, automaticVariants));

    [Fact]
    public void TreeJson_keeps_the_branch_when_a_path_is_both_branch_and_leaf()
    {
        // graphite-web picks whichever the store's shuffle put first; the branch keeps the tree expandable.
        var body = Write(output => FindFormats.WriteTreeJson(output, [new("a.b", true), new("a.b", false)], "a.*", false, new MetricsJsonOptions()));
        Assert.Equal("[{\"text\": \"b\", \"id\": \"a.b\", \"allowChildren\": 1, \"expandable\": 1, \"leaf\": 0}]", body);
    }

    [Fact]
    public void TreeJson_merges_equal_names_from_different_paths_under_the_query_base()
    {
        var body = Write(output => FindFormats.WriteTreeJson(output, [new("a.y.c", true), new("a.x.c", true)], "a.*.c", false, new MetricsJsonOptions()));
        Assert.Equal("[{\"text\": \"c\", \"id\": \"a.*.c\", \"allowChildren\": 0, \"expandable\": 0, \"leaf\": 1}]", body);
    }

    [Fact]
    public void NodeList_rejects_a_position_past_the_path()
    {
        var error = Assert.Throws<QueryArgumentException>(
            () => Write(output => FindFormats.WriteNodeList(output, [new MetricNode("a.b", true)], 5, new MetricsJsonOptions())));
        Assert.Equal("list index out of range", error.Message);
    }

    [Theory]
    [InlineData(null, null, "application/json")]
    [InlineData("application/json", "cb", "text/javascript")]
    [InlineData("*/*", null, "application/json;charset=utf-8")]
    [InlineData("application/json, text/plain", "", "application/json;charset=utf-8")]
    [InlineData("text/html", "cb", "text/javascript;charset=utf-8")]
    public void ContentType_follows_json_response_for(string? accept, string? jsonp, string expected)
        => Assert.Equal(expected, MetricsJsonOptions.ForAcceptHeader(accept, jsonp).ContentType);

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
