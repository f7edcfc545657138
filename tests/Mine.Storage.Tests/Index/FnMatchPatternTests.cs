using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

public class FnMatchPatternTests
{
    /// <summary>600 random pattern/name pairs judged by CPython's fnmatch (see fnmatch_oracle.py).</summary>
    [Fact]
    public void Agrees_with_cpython_fnmatch_on_random_cases()
    {
        var disagreements = FnMatchOracleCases.Cases
            .Where(c => FnMatchPattern.Compile(c.Pattern).IsMatch(c.Name) != c.Matches)
            .Select(c => $"fnmatch('{c.Name}', '{c.Pattern}') should be {c.Matches}")
            .ToList();

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData("cpu-*", "cpu-user", true)]
    [InlineData("cpu-*", "cpu-", true)]
    [InlineData("cpu-*", "cpu", false)]
    [InlineData("*user", "cpu-user", true)]
    [InlineData("*-*-*", "a-b-c", true)]
    [InlineData("*-*-*", "a-b", false)]
    [InlineData("**", "", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("?", "", false)]
    [InlineData("??", "ab", true)]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a-c]x", "bx", false)]
    [InlineData("[!a-c]x", "dx", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[!]]", "]", false)]
    [InlineData("[", "[", true)]
    [InlineData("a[", "a[", true)]
    [InlineData("[z-a]", "m", false)]
    [InlineData("[!z-a]", "m", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[\\]", "\\", true)]
    [InlineData("CPU", "cpu", false)]
    [InlineData("[^a]", "^", true)]
    [InlineData("[^a]", "b", false)]
    [InlineData("é*", "été", true)]
    [InlineData("[à-ÿ]", "é", true)]
    public void Matches_like_fnmatchcase(string pattern, string name, bool expected) =>
        Assert.Equal(expected, FnMatchPattern.Compile(pattern).IsMatch(name));

    [Theory]
    [InlineData("cpu-*", "cpu-")]
    [InlineData("web-0[0-1]?", "web-0")]
    [InlineData("*", "")]
    [InlineData("abc", "abc")]
    [InlineData("a?c", "a")]
    public void Literal_prefix_is_what_every_match_starts_with(string pattern, string prefix) =>
        Assert.Equal(prefix, FnMatchPattern.Compile(pattern).LiteralPrefix);
}
