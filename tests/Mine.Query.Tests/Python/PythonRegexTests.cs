using Mine.Query.Python;
using Xunit;

namespace Mine.Query.Tests.Python;

/// <summary>Expected results printed by CPython 3.11's re.sub.</summary>
public class PythonRegexTests
{
    [Theory]
    [InlineData(@"\1", "b")]
    [InlineData(@"\g<1>0", "b0")]
    [InlineData(@"\\1", @"\1")]
    [InlineData(@"\n\t", "\n\t")]
    [InlineData(@"\101", "A")]
    [InlineData(@"\0", "\0")]
    [InlineData(@"\.", @"\.")]
    [InlineData(@"$1 $$", "$1 $$")]
    public void Replacement_escapes(string replacement, string expected)
        => Assert.Equal(expected, PythonRegex.Sub("(b)", replacement, "b"));

    [Theory]
    [InlineData("(?P<a>x)(y)", @"\2\1", "xy", "yx")]
    [InlineData("(?P<a>x)(?P=a)", "[\\g<a>]", "xx", "[x]")]
    [InlineData("(?P<a>x)(?P=a)1", "!", "xx1", "!")]
    [InlineData("(?P<a>x)?(?(a)y|z)", "!", "xyz", "!!")]
    [InlineData(@"x\Z", "!", "x\n", "x\n")]
    [InlineData("[]x]", "!", "]x", "!!")]
    [InlineData("[[]", "!", "[]x", "!]x")]
    [InlineData(@"\((?P<a>\w)", "<\\g<a>>", "(x(y", "<x><y>")]
    public void Pattern_syntax_of_python(string pattern, string replacement, string input, string expected)
        => Assert.Equal(expected, PythonRegex.Sub(pattern, replacement, input));

    [Theory]
    [InlineData("(b", "x", "invalid regular expression")]
    [InlineData("b", @"\q", @"bad escape \q")]
    [InlineData("b", @"\1", "invalid group reference 1")]
    [InlineData("(b)", @"\10", "invalid group reference 10")]
    [InlineData("(?P<n>b)", @"\g<m>", "unknown group name 'm'")]
    [InlineData("b", @"\g1", "missing <")]
    [InlineData("b", "x\\", "bad escape (end of pattern)")]
    public void Bad_patterns_and_replacements_are_400s(string search, string replace, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => PythonRegex.Sub(search, replace, "b"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
