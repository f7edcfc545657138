using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class CactiStyleTests
{
    // Expected names from graphite-web 1.1.8 on the same series.
    [Theory]
    [InlineData(
        "cactiStyle(alias-special.*.v)",
        "alias-special.big.v  Current:5242880.00    Max:2500000000.00    Min:3.00         " + Big
        + "\nalias-special.neg.v  Current:-0.00         Max:0.00             Min:-1500.00     " + Neg
        + "\nalias-special.zero.v Current:0.00          Max:0.00             Min:0.00         " + Zero)]
    [InlineData(
        "cactiStyle(alias-special.*.v, \"si\")",
        "alias-special.big.v  Current:5.24M    Max:2.50G    Min:3.00       " + Big
        + "\nalias-special.neg.v  Current:-0.00    Max:0.00     Min:-1.50k     " + Neg
        + "\nalias-special.zero.v Current:0.00     Max:0.00     Min:0.00       " + Zero)]
    [InlineData(
        "cactiStyle(alias-special.*.v, \"binary\", \"B\")",
        "alias-special.big.v  Current:5.00 MiB    Max:2.33 GiB    Min:3.00 B        " + Big
        + "\nalias-special.neg.v  Current:-0.00 B     Max:0.00 B      Min:-1.46 KiB     " + Neg
        + "\nalias-special.zero.v Current:0.00 B      Max:0.00 B      Min:0.00 B        " + Zero)]
    [InlineData(
        "cactiStyle(alias-special.*.v, units=\"B\")",
        "alias-special.big.v  Current:5242880.00 B    Max:2500000000.00 B    Min:3.00 B         " + Big
        + "\nalias-special.neg.v  Current:-0.00 B         Max:0.00 B             Min:-1500.00 B     " + Neg
        + "\nalias-special.zero.v Current:0.00 B          Max:0.00 B             Min:0.00 B         " + Zero)]
    [InlineData(
        "cactiStyle(alias-special.a.*)",
        "alias-special.a.b Current:3.00    Max:3.00          Min:1.00     " + AB
        + "\nalias-special.a.c Current:0.00    Max:1234567.00    Min:0.00     " + AC)]
    [InlineData("cactiStyle(alias-special.nothing.*)", "")]
    public void Aligns_current_max_and_min(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Missing_values_show_as_nan()
    {
        var kit = new FunctionTestKit().Add("alias-special.m.x", double.NaN, double.NaN).Add("alias-special.m.y", 12.5, 1);
        Assert.Equal(
            ["alias-special.m.x Current:nan     Max:nan      Min:nan     ", "alias-special.m.y Current:1.00    Max:12.50    Min:1.00    "],
            kit.Evaluate("cactiStyle(alias-special.m.*)").Select(s => s.Name));
    }
}
