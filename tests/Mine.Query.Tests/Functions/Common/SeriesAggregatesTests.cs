using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Tests.Functions.Common;

public class SeriesAggregatesTests
{
    private static TimeSeries Consolidated(params double[] values)
    {
        var series = new TimeSeries("a.b", 0, values.Length * 60, 60, values);
        series.Consolidate(2);
        return series;
    }

    [Theory]
    [InlineData("max", 6.5)]
    [InlineData("sum", 7.5)]
    [InlineData("average", 3.75)]
    [InlineData("count", 2)]
    [InlineData("multiply", 6.5)]

    // safeLast walks reversed(series), which reads the raw list, not the consolidated points.
    [InlineData("last", 10)]
    [InlineData("current", 10)]

    // safeAvgZero sums the consolidated points but divides by the raw length.
    [InlineData("avg_zero", 1.875)]
    public void Read_the_series_as_graphite_webs_helpers_do(string func, double expected)
    {
        // Raw [1, None, 3, 10] consolidated by 2 (average) iterates as [1.0, 6.5].
        Assert.Equal(expected, SeriesAggregates.Get(func)(Consolidated(1, double.NaN, 3, 10)));
    }

    [Fact]
    public void None_when_there_is_nothing_to_aggregate()
    {
        var empty = new TimeSeries("a.b", 0, 0, 60, []);
        Assert.True(double.IsNaN(SeriesAggregates.Get("avg_zero")(empty)));
        Assert.True(double.IsNaN(SeriesAggregates.Get("last")(empty)));
        Assert.Equal(0, SeriesAggregates.Get("count")(empty));
    }

    [Fact]
    public void Multiply_of_an_empty_series_fails_like_reduce_without_items()
    {
        var empty = new TimeSeries("a.b", 0, 0, 60, []);
        Assert.Throws<QueryArgumentException>(() => SeriesAggregates.Get("multiply")(empty));
    }

    [Fact]
    public void Unknown_names_fail()
    {
        var error = Assert.Throws<QueryArgumentException>(() => SeriesAggregates.Get("mean"));
        Assert.Equal("Unsupported aggregation function: mean", error.Message);
    }
}
