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

    private static TimeSeries Ramp(string name, long start, int count)
        => new(name, start, start + (60L * count), 60, Enumerable.Range(1, count).Select(i => (double)i).ToArray());
}
