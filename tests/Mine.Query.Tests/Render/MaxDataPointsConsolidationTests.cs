using Mine.Core.Series;
using Mine.Query.Render;
using Mine.Query.Series;

namespace Mine.Query.Tests.Render;

/// <summary>
/// The cases graphite-web 1.1.8 crashes on (so they cannot be golden-recorded) plus the bookkeeping the JSON
/// goldens do not show directly. Values computed by hand from renderViewJson's arithmetic.
/// </summary>
public sealed class MaxDataPointsConsolidationTests
{
    [Fact]
    public void Apply_moves_start_by_the_nudge_and_drops_one_value_less_than_it_covers()
    {
        var series = Ramp("s", start: 1_700_000_040, count: 30);
        Assert.True(MaxDataPointsConsolidation.Apply([series], 7));

        // 30 points / 7 → 5 per point, 300 s; nudge = 300 + 0 - (1700000040 % 300 = 240) = 60 → 1 value to lose → 0 dropped.
        Assert.Equal(1_700_000_100, series.Start);
        Assert.Equal(30, series.Values.Length);
        Assert.Equal(5, series.ValuesPerPoint);
    }

    [Fact]
    public void Apply_empties_a_series_shorter_than_the_values_to_drop()
    {
        // graphite-web raises IndexError here ("del series[0]" on an empty list).
        var longSeries = Ramp("long", start: 0, count: 100);
        var shortSeries = new TimeSeries("short", 5400, 5580, 60, [1.0, 2.0, 3.0]);
        MaxDataPointsConsolidation.Apply([longSeries, shortSeries], 10);
        Assert.Empty(shortSeries.Values);
        Assert.Equal(6000, shortSeries.Start);
    }

    [Fact]
    public void Apply_ignores_zero_max_data_points()
    {
        // graphite-web raises ZeroDivisionError.
        var series = Ramp("s", start: 0, count: 10);
        Assert.True(MaxDataPointsConsolidation.Apply([series], 0));
        Assert.Equal(1, series.ValuesPerPoint);
    }

    [Fact]
    public void Apply_with_one_point_collapses_each_series_and_leaves_empty_ones_pointless()
    {
        // graphite-web raises "range() arg 3 must not be zero" when writing the empty series.
        var full = Ramp("full", start: 0, count: 10);
        var empty = new TimeSeries("empty", 0, 0, 60, []);
        MaxDataPointsConsolidation.Apply([full, empty], 1);
        Assert.Equal(10, full.ValuesPerPoint);
        Assert.Equal(0, empty.ValuesPerPoint);
        Assert.Empty(empty.GetPoints());
    }

    [Fact]
    public void Apply_does_nothing_when_no_series_has_values()
    {
        var empty = new TimeSeries("empty", 0, 6000, 60, []);
        Assert.False(MaxDataPointsConsolidation.Apply([empty], 1));
        Assert.Equal(1, empty.ValuesPerPoint);
    }

    /// <summary>
    /// Consolidating a series while it is read (when reading every point would pass the request's limits) gives what
    /// Apply gives for the same series read whole: the same first timestamp, step and points, so a plain target
    /// answers the same either way, and Apply leaves the consolidated series as it is.
    /// </summary>
    [Theory]
    [InlineData(1_700_000_040, 30, 7, 0.0)]
    [InlineData(1_700_000_000, 105_120, 1000, 0.0)]
    [InlineData(1_700_000_300, 20_160, 500, 0.5)]
    [InlineData(1_700_000_060, 1_000, 999, 0.0)]
    [InlineData(1_700_000_060, 1_000, 1, 0.0)]
    [InlineData(1_700_000_060, 1_000, 2, 0.3)]
    public void WhileReading_answers_as_Apply_on_the_whole_series(long start, int count, int maxDataPoints, double xFilesFactor)
    {
        var random = new Random(count + maxDataPoints);
        var values = Enumerable.Range(0, count).Select(_ => random.Next(4) == 0 ? double.NaN : random.Next(1000) / 8.0).ToArray();
        var read = new FetchedSeries("a.b", start, start + (60L * count), 60, values);

        var whole = new TimeSeries(read, requestXFilesFactor: xFilesFactor);
        MaxDataPointsConsolidation.Apply([whole], maxDataPoints);
        var consolidated = MaxDataPointsConsolidation.WhileReading(read, maxDataPoints, xFilesFactor, length => new double[length]);
        var asRead = new TimeSeries(consolidated, requestXFilesFactor: xFilesFactor);
        MaxDataPointsConsolidation.Apply([asRead], maxDataPoints);

        Assert.Equal(whole.Start, asRead.Start);
        Assert.Equal(whole.Step * whole.ValuesPerPoint, asRead.Step * asRead.ValuesPerPoint);
        Assert.Equal(1, asRead.ValuesPerPoint);
        Assert.Equal(whole.GetPoints(), asRead.GetPoints());
        Assert.True(asRead.Values.Length <= MaxDataPointsConsolidation.MaxLengthWhileReading(count, maxDataPoints));
        Assert.Same(values, read.Values); // the read's array is not written to
    }

    [Fact]
    public void WhileReading_leaves_a_series_that_fits_as_it_is()
    {
        var read = new FetchedSeries("a.b", 0, 6000, 60, [.. Enumerable.Range(0, 100).Select(i => (double)i)]);
        Assert.Same(read, MaxDataPointsConsolidation.WhileReading(read, 100, 0, length => new double[length]));
        Assert.Equal(100, MaxDataPointsConsolidation.MaxLengthWhileReading(100, 100));
    }

    private static TimeSeries Ramp(string name, long start, int count)
        => new(name, start, start + (60L * count), 60, Enumerable.Range(1, count).Select(i => (double)i).ToArray());
}
