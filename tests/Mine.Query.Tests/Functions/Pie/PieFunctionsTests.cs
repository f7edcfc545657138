using Mine.Query.Functions.Pie;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Functions.Pie;

public class PieFunctionsTests
{
    [Theory]
    [InlineData("average", 2.0)]
    [InlineData("maximum", 3.0)]
    [InlineData("minimum", 1.0)]
    public void Pie_modes_reduce_a_series_skipping_nones(string mode, double expected)
        => Assert.Equal(expected, PieFunctions.Get(mode).Reduce(new TimeSeries("a", 0, 240, 60, [1, double.NaN, 3, 2])));

    [Fact]
    public void Unknown_modes_are_refused() => Assert.Throws<QueryArgumentException>(() => PieFunctions.Get("median"));
}
