using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

public sealed class UrlTextTests
{
    /// <summary>Expected values from CPython 3.11's urllib.parse.unquote_plus.</summary>
    [Theory]
    [InlineData("a+b", "a b")]
    [InlineData("x%20y", "x y")]
    [InlineData("%E2%98%83", "\u2603")]
    [InlineData("%zz", "%zz")]
    [InlineData("%e2%98", "\ufffd")]
    [InlineData("caf%C3%A9+%", "caf\u00e9 %")]
    [InlineData("%C3a%A9", "\ufffda\ufffd")]
    [InlineData("\u00e9%41", "\u00e9A")]
    public void UnquotePlus_matches_cpython(string text, string expected) => Assert.Equal(expected, UrlText.UnquotePlus(text));
}
