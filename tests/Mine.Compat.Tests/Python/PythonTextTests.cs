using Mine.Compat.Python;

namespace Mine.Compat.Tests.Python;

/// <summary>Expected values are what CPython 3.11 returns for the same calls.</summary>
public sealed class PythonTextTests
{
    [Theory]
    [InlineData("12", true)]
    [InlineData("\u0661\u0662", true)]
    [InlineData("\u00b2", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("-1", false)]
    [InlineData("\u00bd", false)]
    public void IsDigits_matches_str_isdigit(string text, bool expected) => Assert.Equal(expected, PythonText.IsDigits(text));

    [Theory]
    [InlineData("42", 42L)]
    [InlineData(" -7\t", -7L)]
    [InlineData("+3", 3L)]
    [InlineData("1_000", 1000L)]
    [InlineData("\u0661\u0662", 12L)]
    public void ParseInt_matches_int(string text, long expected) => Assert.Equal(expected, PythonText.ParseInt(text, out _));

    [Theory]
    [InlineData("", "invalid literal for int() with base 10: ''")]
    [InlineData("5x", "invalid literal for int() with base 10: '5x'")]
    [InlineData("\u00b2", "invalid literal for int() with base 10: '\u00b2'")]
    [InlineData("1__0", "invalid literal for int() with base 10: '1__0'")]
    [InlineData("_1", "invalid literal for int() with base 10: '_1'")]
    [InlineData("it's", "invalid literal for int() with base 10: \"it's\"")]
    public void ParseInt_reports_cpython_message(string text, string message)
        => Assert.Equal(message, Assert.Throws<PythonArgumentException>(() => PythonText.ParseInt(text, out _)).Message);

    [Fact]
    public void ParseInt_flags_values_beyond_long()
    {
        Assert.Equal(long.MaxValue, PythonText.ParseInt("99999999999999999999", out var overflow));
        Assert.True(overflow);
    }

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("a'b", "\"a'b\"")]
    [InlineData("a'b\"c", "'a\\'b\"c'")]
    [InlineData("t\tn\n\\", "'t\\tn\\n\\\\'")]
    [InlineData("\u0001\u007f", "'\\x01\\x7f'")]
    [InlineData("caf\u00e9", "'caf\u00e9'")]
    public void Repr_matches_str_repr(string text, string expected) => Assert.Equal(expected, PythonText.Repr(text));

    [Fact]
    public void Strip_uses_cpython_whitespace()
        => Assert.Equal("x", PythonText.Strip("\u001f\u00a0 x\t\u2003").ToString());
}
