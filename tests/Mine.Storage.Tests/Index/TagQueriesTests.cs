using Mine.Core.Errors;
using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>
/// Tag listing and auto-completion over <see cref="TagExpressionQueryTests.Fixture"/>; expected answers are
/// graphite-web 1.1.8's for the same series. Limits are the raw numbers a request gives (null: absent).
/// </summary>
public class TagQueriesTests
{
    private static readonly TagIndex Index = TagExpressionQueryTests.FixtureIndex();

    [Theory]
    [InlineData(null, null, "dc env expr host name rack")]
    [InlineData("^d", null, "dc")]
    [InlineData("e|r", 1L, "env")]
    [InlineData("e|r", null, "env expr rack")]
    [InlineData("e", 0L, "")]
    [InlineData("", -1L, "dc env expr host name rack")]
    [InlineData("x", null, "")]
    public void Lists_tags(string? filter, long? limit, string expected) =>
        Assert.Equal(expected, string.Join(' ', TagQueries.ListTags(Index, filter, limit)));

    [Theory]
    [InlineData("dc", null, null, "LA:1 la:3 la-2:1 ny:2 sf:1")]
    [InlineData("dc", "l", null, "la:3 la-2:1")]
    [InlineData("dc", "^L|y", null, "LA:1 ny:2")]
    [InlineData("dc", null, 2L, "LA:1 la:3")]
    [InlineData("dc", null, 0L, "")]
    [InlineData("dc", null, -1L, "LA:1 la:3 la-2:1 ny:2 sf:1")]
    [InlineData("host", null, null, "a:4 b:2 c:1 d:1 e:1")]
    [InlineData("name", "d", null, "disk.free:1 disk.used:3")]
    public void Lists_the_values_of_a_tag_with_their_series_counts(string tag, string? filter, long? limit, string expected)
    {
        var values = TagQueries.TagValues(Index, tag, filter, limit);

        Assert.NotNull(values);
        Assert.Equal(expected, string.Join(' ', values.Select(static v => $"{v.Value}:{v.Count}")));
    }

    [Fact]
    public void An_unknown_tag_has_no_values_list() => Assert.Null(TagQueries.TagValues(Index, "nosuch", null, null));

    [Fact]
    public void A_bad_filter_regex_is_refused()
    {
        Assert.Throws<MineUserException>(() => TagQueries.ListTags(Index, "(", null));
        Assert.Throws<MineUserException>(() => TagQueries.TagValues(Index, "dc", "[", null));
    }

    [Theory]
    [InlineData("dc=la", null, null, "host name")]
    [InlineData("host=a", null, 2L, "dc expr")]
    [InlineData("host=a", null, -1L, "")]
    [InlineData("host=a", null, 0L, "")]
    [InlineData("host=a", "e", null, "expr")]
    [InlineData("dc!= & host=~a", null, null, "name rack")]
    [InlineData("", "h", null, "host")]
    [InlineData("", "d", 1L, "dc")]
    [InlineData("", null, null, "dc env expr host name rack")]
    [InlineData("", null, 0L, "")]
    [InlineData("", null, -1L, "dc env expr host name")]
    [InlineData("", null, 2L, "dc env")]
    public void Auto_completes_tags(string expressions, string? prefix, long? limit, string expected) =>
        Assert.Equal(expected, string.Join(' ', TagQueries.AutoCompleteTags(Index, Split(expressions), prefix, limit)));

    [Theory]
    [InlineData("dc", "", null, null, "LA la la-2 ny sf")]
    [InlineData("dc", "host=a", null, null, "la ny")]
    [InlineData("dc", "rack=", null, null, "LA la la-2 ny")]
    [InlineData("dc", "", "l", null, "la la-2")]
    [InlineData("dc", "name=~.", "l", null, "la la-2")]
    [InlineData("name", "host=a", null, 2L, "cpu.load disk.free")]
    [InlineData("dc", "", null, -1L, "LA la la-2 ny")]
    [InlineData("dc", "", null, 0L, "")]
    [InlineData("dc", "host=a", null, -1L, "")]
    [InlineData("nosuch", "", null, null, "")]
    [InlineData("dc", "host=a", "n", null, "ny")]
    public void Auto_completes_values(string tag, string expressions, string? prefix, long? limit, string expected) =>
        Assert.Equal(expected, string.Join(' ', TagQueries.AutoCompleteValues(Index, Split(expressions), tag, prefix, limit)));

    [Theory]
    [InlineData("bad", "Invalid tagspec bad")]
    [InlineData("rack=", "At least one tagspec must not match the empty string")]
    public void Auto_completing_tags_refuses_bad_expressions(string expression, string messageStart) =>
        Assert.StartsWith(messageStart, Assert.Throws<MineUserException>(() => TagQueries.AutoCompleteTags(Index, [expression], null, null)).Message, StringComparison.Ordinal);

    [Fact]
    public void Auto_completing_values_checks_the_tag_as_part_of_an_expression() =>
        Assert.StartsWith("Invalid tagspec a;b!=", Assert.Throws<MineUserException>(() => TagQueries.AutoCompleteValues(Index, ["host=a"], "a;b", null, null)).Message, StringComparison.Ordinal);

    [Fact]
    public void Auto_completion_is_bounded_by_100_by_default()
    {
        var index = new TagIndex();
        for (var i = 0; i < 150; i++)
        {
            index.Add($"m;k=v{i:000};t{i:000}=x", i);
        }

        Assert.Equal(100, TagQueries.AutoCompleteValues(index, [], "k", null, null).Count);
        Assert.Equal(100, TagQueries.AutoCompleteValues(index, ["name=m"], "k", null, null).Count);
        Assert.Equal("t000", TagQueries.AutoCompleteTags(index, ["name=m"], null, null)[1]);
        Assert.Equal(150, TagQueries.AutoCompleteValues(index, [], "k", null, 500).Count);
    }

    private static string[] Split(string expressions) => expressions.Length == 0 ? [] : expressions.Split(" & ");
}
