using Mine.Query.Functions.Fleet;
using Xunit;

namespace Mine.Query.Tests.Functions.Fleet;

public class TheilSenTests
{
    [Fact]
    public void Slope_and_intercept_are_the_medians_of_pairwise_slopes_and_of_the_residuals()
    {
        // Reference values from a plain Python evaluation of the definitions (statistics.median over all pairs).
        double[] y = [2.0, 2.9, 4.2, 5.1, 5.8, 7.2, 30.0, 9.1, 9.8, 11.2];
        var fit = TheilSen.Fit(y, 0, 1)!.Value;
        Assert.Equal(1.0142857142857142, fit.Slope, 12);
        Assert.Equal(2.0285714285714285, fit.Intercept, 12);
        Assert.Equal(0.8666666666666667, fit.Tau, 12);
        Assert.Equal(0.9333333333333333, fit.RisingFraction, 12);
        Assert.Equal(10, fit.Points);
    }

    [Fact]
    public void A_single_wild_point_does_not_move_the_line_where_least_squares_would_follow_it()
    {
        double[] y = [0, 1, 2, 3, 40];
        var fit = TheilSen.Fit(y, 0, 1)!.Value;
        Assert.Equal(1, fit.Slope);
        Assert.Equal(0, fit.Intercept);
        Assert.Equal(1, fit.Tau);
        Assert.Equal(7, fit.ValueAt(7));
        Assert.Equal(10, fit.WhenReaches(10));
    }

    [Fact]
    public void Spikes_in_a_noisy_rising_series_leave_slope_and_tau_nearly_unchanged()
    {
        var random = new Random(7);
        var clean = Enumerable.Range(0, 72).Select(i => 100 + (2.0 * i) + (random.NextDouble() * 6) - 3).ToArray();
        var spiked = (double[])clean.Clone();
        foreach (var i in new[] { 5, 30, 31, 60 })
        {
            spiked[i] += 5000; // a backup's burst, twice, and a single wild reading
        }

        var (a, b) = (TheilSen.Fit(clean, 0, 1)!.Value, TheilSen.Fit(spiked, 0, 1)!.Value);
        Assert.InRange(a.Slope, 1.9, 2.1);
        Assert.InRange(b.Slope, 1.9, 2.1);
        Assert.InRange(Math.Abs(a.Slope - b.Slope), 0, 0.05);
        Assert.True(b.Tau > 0.8, $"tau {b.Tau}");
    }

    [Fact]
    public void Noise_without_a_trend_has_tau_near_zero()
    {
        var random = new Random(11);
        var noise = Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToArray();
        var fit = TheilSen.Fit(noise, 0, 300)!.Value;
        Assert.InRange(fit.Tau, -0.15, 0.15);
        Assert.InRange(fit.Slope * 100 * 300, -0.3, 0.3);
    }

    [Fact]
    public void Gaps_are_left_out_and_the_xs_of_the_present_points_are_kept()
    {
        double[] y = [double.NaN, 10, double.NaN, double.NaN, 16, 18, double.NaN];
        var fit = TheilSen.Fit(y, 1000, 60)!.Value;
        Assert.Equal(3, fit.Points);
        Assert.Equal(2.0 / 60, fit.Slope, 12);
        Assert.Equal(1060, fit.FirstX);
        Assert.Equal(1300, fit.LastX);
        Assert.Equal(10, fit.ValueAt(1060), 9);
        Assert.Equal(1, fit.Tau);
    }

    [Fact]
    public void Too_few_points_or_one_x_give_no_line()
    {
        Assert.Null(TheilSen.Fit([1.0, double.NaN, 2.0], 0, 1));
        Assert.Null(TheilSen.Fit([5.0, 5.0, 5.0], [1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentException>(() => TheilSen.Fit([1.0, 2.0], [1.0]));
    }

    [Fact]
    public void A_flat_or_falling_line_never_reaches_a_limit()
    {
        Assert.Null(TheilSen.Fit([5.0, 5.0, 5.0, 5.0], 0, 1)!.Value.WhenReaches(10));
        var falling = TheilSen.Fit([9.0, 8.0, 7.0, 6.0], 0, 1)!.Value;
        Assert.Equal(-1, falling.Tau);
        Assert.Null(falling.WhenReaches(10));
    }

    [Fact]
    public void Unix_times_keep_the_level_precise()
    {
        const double start = 1_780_000_000;
        double[] y = [.. Enumerable.Range(0, 50).Select(i => 4e11 + (1e6 * i) + (i % 2 == 0 ? 1 : -1))];
        var fit = TheilSen.Fit(y, start, 300)!.Value;
        Assert.Equal(1e6 / 300, fit.Slope, 6);
        Assert.InRange(fit.ValueAt(start) - 4e11, -2, 2);
        Assert.InRange(fit.WhenReaches(5e11)!.Value - (start + (1e5 * 300)), -1, 1);
    }

    [Fact]
    public void More_points_than_the_maximum_are_refused_with_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => TheilSen.Fit(new double[TheilSen.MaximumPoints + 1], 0, 1));
        Assert.Contains("consolidate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_median_by_selection_is_the_sorted_median_with_ties_and_any_length()
    {
        var random = new Random(7);
        for (var run = 0; run < 2000; run++)
        {
            var length = 1 + random.Next(300);
            var values = new double[length];
            for (var i = 0; i < length; i++)
            {
                // Few distinct values in some runs: ties are where a selection goes wrong first.
                values[i] = run % 3 == 0 ? random.Next(4) : (random.NextDouble() - 0.5) * 1e3;
            }

            var sorted = values.Order().ToArray();
            var expected = length % 2 == 1 ? sorted[length / 2] : (sorted[(length / 2) - 1] + sorted[length / 2]) / 2;
            Assert.Equal(expected, TheilSen.Median(values));
        }
    }

    [Fact]
    public void The_median_of_values_with_a_nan_is_what_the_sort_gives()
    {
        Assert.Equal(1.5, TheilSen.Median([3.0, double.NaN, 1.0, 2.0]));
        Assert.Equal(1.0, TheilSen.Median([double.NaN, 2.0, 1.0]));
    }

    [Fact]
    public void With_a_minimum_tau_a_steady_line_is_the_same_and_an_unsteady_one_is_none()
    {
        var random = new Random(11);
        double[] rising = [.. Enumerable.Range(0, 72).Select(i => (10.0 * i) + (random.NextDouble() * 30))];
        double[] noise = [.. Enumerable.Range(0, 72).Select(_ => random.NextDouble())];
        var line = TheilSen.Fit(rising, 1000, 300)!.Value;
        Assert.True(line.Tau >= TheilSen.DefaultMinTau, $"tau {line.Tau}");
        Assert.Equal(line, TheilSen.Fit(rising, 1000, 300, TheilSen.DefaultMinTau));
        Assert.True(TheilSen.Fit(noise, 1000, 300)!.Value.Tau < TheilSen.DefaultMinTau);
        Assert.Null(TheilSen.Fit(noise, 1000, 300, TheilSen.DefaultMinTau));
    }
}
