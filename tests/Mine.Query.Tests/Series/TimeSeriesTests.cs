using Mine.Core.Series;
using Mine.Query.Series;

namespace Mine.Query.Tests.Series;

public sealed class TimeSeriesTests
{
    [Fact]
    public void Constructor_from_fetched_series_follows_graphite_web_merge_results()
    {
        var values = new[] { 1.0, double.NaN, 3.0 };
        var fetched = new FetchedSeries("a.b;k=v", 60, 240, 60, values) { ConsolidationFunction = "max", XFilesFactor = 0.5 };

        var series = new TimeSeries(fetched, "a.*;k=v", requestXFilesFactor: 0.25);

        Assert.Equal("a.b;k=v", series.Name);
        Assert.Equal((60L, 240L, 60L), (series.Start, series.End, series.Step));
        Assert.Equal("a.*;k=v", series.PathExpression);

        // graphite-web 1.1.8 ignores the storage aggregation method and xFilesFactor here.
        Assert.Equal("average", series.ConsolidationFunc);
        Assert.Equal(0.25, series.XFilesFactor);
        Assert.Equal(1, series.ValuesPerPoint);
        Assert.Equal(["k", "name"], series.Tags.Keys);
        Assert.Equal(values, series.Values);
        Assert.NotSame(values, series.Values);
    }

    [Fact]
    public void Defaults_match_graphite_web()
    {
        var series = new TimeSeries(new FetchedSeries("x", 0, 60, 60, [1.0]));
        Assert.Equal(0, series.XFilesFactor);
        Assert.Equal("x", series.PathExpression);
        Assert.Equal("x", series.Tags["name"]);
    }

    [Fact]
    public void GetPoints_consolidates_only_when_values_per_point_exceeds_one()
    {
        var series = new TimeSeries("s", 0, 300, 60, [1.0, 2.0, 3.0, 4.0, 5.0], consolidationFunc: "sum");
        Assert.Same(series.Values, series.GetPoints());

        series.Consolidate(2);
        Assert.Equal([3.0, 7.0, 5.0], series.GetPoints());
    }
}
