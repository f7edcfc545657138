using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

public sealed class PythonRegexTests
{
    [Theory]
    [InlineData("a", "b", "xaxa", "xbxb")]
    [InlineData("(a)(b)?", @"[\2\1]", "ab a", "[ba] [a]")]
    [InlineData(@"(?P<n>\d+)", @"<\g<n>>", "a12b3", "a<12>b<3>")]
    [InlineData("x*", "-", "abxd", "-a-b--d-")]
    [InlineData("a", @"\g<0>\g<0>", "xa", "xaa")]
    [InlineData("a", @"$1\.\n\t\\", "a", "$1\\.\n\t\\")]
    [InlineData("a", @"\101", "a", "A")]
    [InlineData("a", @"\08", "a", "\u00008")]

    // Groups are numbered by their opening parenthesis, named or not (.NET would number named groups last).
    [InlineData("(?P<a>x)(y)", @"\2\1", "xy", "yx")]
    [InlineData("(x)(?P<a>y)", @"\g<a>", "xy", "y")]
    [InlineData(@"\.", "_", "a.b.c", "a_b_c")]
    [InlineData("^", "p.", "s.x", "p.s.x")]
    [InlineData("(a)|b", @"[\1]", "ab", "[a][]")]
    public void Substitute_is_pythons_re_sub(string pattern, string replacement, string text, string expected)
    {
        Assert.Equal(expected, PythonRegex.Compile(pattern).Substitute(replacement, text));
    }

    [Theory]
    [InlineData("(a)", @"\10")]
    [InlineData("a", @"\1")]
    [InlineData("a", @"\q")]
    [InlineData("a", "\\")]
    [InlineData("a", @"\g<x>")]
    [InlineData("a", @"\g<1")]
    [InlineData("a", @"\g1")]
    public void Bad_replacements_fail(string pattern, string replacement)
    {
        Assert.Throws<PythonArgumentException>(() => PythonRegex.Compile(pattern).Substitute(replacement, "a"));
    }

    [Theory]
    [InlineData(@"2\Z", "a2\n", false)]
    [InlineData("2$", "a2\n", true)]
    [InlineData("x{,2}y", "xxy", true)]
    [InlineData("^x{,2}$", "x{,2}", false)]
    [InlineData("(?i)(?m)^B", "a\nb", true)]
    [InlineData("(?u)b", "ab", true)]
    [InlineData("(?P<q>a)(?P=q)", "aa", true)]
    [InlineData("(?P<q>a)?b(?(q)c|d)", "bd", true)]
    [InlineData("[a-z-[aeiou]]", "b]", true)]
    [InlineData("[a-z-[aeiou]]", "b", false)]
    [InlineData("[^]]", "]", false)]
    [InlineData(@"\d", "\u0663", true)]
    public void Search_reads_patterns_as_python_does(string pattern, string text, bool matches)
    {
        Assert.Equal(matches, PythonRegex.Compile(pattern).Search(text));
    }

    [Theory]
    [InlineData("a(?i)b")]
    [InlineData("(?i:a)(?m)b")]
    [InlineData("(?<n>a)")]
    [InlineData("(?'n'a)")]
    [InlineData("(?n)a")]
    [InlineData("(?P<1>a)")]
    [InlineData("(?P<a>x)(?P<a>y)")]
    [InlineData("(?P=nope)")]
    [InlineData("(a)|\\2")]
    [InlineData("[")]
    [InlineData("a\\")]
    public void Patterns_python_rejects_fail(string pattern)
    {
        Assert.Throws<PythonArgumentException>(() => PythonRegex.Compile(pattern));
    }

    [Fact]
    public void The_ascii_and_locale_flags_are_not_supported()
    {
        // Python accepts (?a) (ASCII-only \w, \d...); .NET has no such mode, so Mine refuses the pattern.
        Assert.Throws<PythonArgumentException>(() => PythonRegex.Compile("(?a)a"));
    }
}
