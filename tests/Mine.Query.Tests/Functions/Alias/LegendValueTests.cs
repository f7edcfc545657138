using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class LegendValueTests
{
    [Theory]
    [InlineData("legendValue(alias-special.a.*, \"avg\")", "alias-special.a.b (avg: 2.0) " + AB + "\nalias-special.a.c (avg: 247323.5602) " + AC)]
    [InlineData(
        "legendValue(alias-special.a.*, \"last\", \"count\", \"sum\", \"total\", \"min\", \"max\", \"median\", \"diff\", \"stddev\", \"range\", \"multiply\", \"avg_zero\", \"current\", \"rangeOf\")",
        "alias-special.a.b (last: 3.0) (count: 6) (sum: 12.0) (total: 12.0) (min: 1.0) (max: 3.0) (median: 2.0) (diff: -10.0) (stddev: 0.816496580927726) (range: 2.0) (multiply: None) (avg_zero: 1.3333333333333333) (current: 3.0) (rangeOf: 2.0) " + AB
        + "\nalias-special.a.c (last: 0.001) (count: 5) (sum: 1236617.801) (total: 1236617.801) (min: 0.001) (max: 1234567.0) (median: 2.675) (diff: -1236617.551) (stddev: 493622.3565946251) (range: 1234566.999) (multiply: None) (avg_zero: 137401.97788888888) (current: 0.001) (rangeOf: 1234566.999) " + AC)]
    [InlineData("legendValue(alias-special.a.*, \"avg\", \"max\", \"si\")", "alias-special.a.b   avg  2.00      max  3.00       " + AB + "\nalias-special.a.c   avg  247.32k   max  1.23M      " + AC)]
    [InlineData("legendValue(alias-special.big.v, \"last\", \"max\", \"min\", \"sum\", \"binary\")", "alias-special.big.v last 5.00Mi    max  2.33Gi    min  3.00      sum  2.33Gi     " + Big)]
    [InlineData("legendValue(alias-special.big.v, \"sumSeries\", \"si\", \"avg\")", "alias-special.big.v (sumSeries: (?)) (si: (?)) (avg: 626685720.75) " + Big)]
    [InlineData("legendValue(alias-special.big.v, \"sumSeries\", \"si\")", "alias-special.big.v sumSeries(?)        " + Big)]
    [InlineData("legendValue(alias-special.neg.v, \"min\", \"max\", \"last\", \"si\")", "alias-special.neg.v min  -1.50k    max  0.00      last -0.00      " + Neg)]
    public void Appends_values_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void A_missing_value_is_None_in_both_styles()
    {
        var kit = new FunctionTestKit().Add("x", double.NaN, double.NaN);
        Assert.Equal("x (max: None)", Assert.Single(kit.Evaluate("legendValue(x, 'max')")).Name);
        Assert.Equal("x                   max  None      ", Assert.Single(kit.Evaluate("legendValue(x, 'max', 'si')")).Name);
    }

    [Theory]
    [InlineData("legendValue(alias-special.a.b)", "at least one value type is required")]
    [InlineData("legendValue(alias-special.a.b, 'bogus')", "Invalid option specified for function \"legendValue\" parameter \"valuesTypes\"")]
    public void Bad_arguments(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
