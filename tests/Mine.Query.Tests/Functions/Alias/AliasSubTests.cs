using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class AliasSubTests
{
    [Theory]
    [InlineData(@"aliasSub(alias-special.a.*, ""(^.*$)"", ""\1 A"")", "alias-special.a.b A " + AB + "\nalias-special.a.c A " + AC)]
    [InlineData(@"aliasSub(alias-special.a.*, ""a\.(?P<x>.)"", ""<\g<x>\g<0>\g<1>>$1"")", "alias-special.<ba.bb>$1 " + AB + "\nalias-special.<ca.cc>$1 " + AC)]
    [InlineData(@"aliasSub(alias-special.a.b, ""x*"", ""-"")", "-a-l-i-a-s---s-p-e-c-i-a-l-.-a-.-b- " + AB)]
    [InlineData(@"aliasSub(alias-special.a.*, ""(b)|(c)"", ""[\1|\2]"")", "alias-spe[|c]ial.a.[b|] " + AB + "\nalias-spe[|c]ial.a.[|c] " + AC)]
    [InlineData(@"aliasSub(alias-special.ip.*.x, ""^.*TCP(\d+).*"", ""port \1"")", "port 443 [10.0, 20.0, 30.0, 40.0, 50.0, None, None, None, None]\nport 80 [1.0, 2.0, None, 4.0, 5.0, None, None, None, None]")]
    public void Replaces_like_python_re_sub(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void A_bad_replacement_fails_the_request()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(@"aliasSub(alias-special.a.b, 'b', '\q')"));
        Assert.Contains(@"bad escape \q", error.Message, StringComparison.Ordinal);
    }
}
