using System.Buffers;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// The Theil–Sen line of a series: the slope is the median of the slopes between every pair of points, the level the
/// median of what is left of each point once the slope is taken out (Sen's intercept). Up to 29 % of the points can
/// be anything (a spike, a backup's burst) without moving the line, where least squares follows a single wild point.
/// With it, Kendall's tau (concordant minus discordant pairs over all pairs) says how consistently the series moves
/// one way: 1 when every later point is higher, about 0 for noise. The trend detection (disk full tonight, memory that
/// grows without end) and the render function timeToLimit() both call this, so there is one implementation.
/// O(n²) in time and memory: meant for a few hundred points (hours consolidated to minutes), not raw data.
/// </summary>
public static class TheilSen
{
    /// <summary>Fewer present points than this make no line.</summary>
    public const int MinimumPoints = 3;

    /// <summary>The Kendall tau from which a rise is a trend, not noise: of every two points, the later is higher at
    /// least 80 % of the time. The trend landmines and timeToLimit() default to it (decision 0030).</summary>
    public const double DefaultMinTau = 0.6;

    /// <summary>More present points than this are refused: their pairs would take more than 16 MB.</summary>
    public const int MaximumPoints = 2000;

    /// <summary>The line through evenly spaced values (the first at <paramref name="firstX"/>, then every
    /// <paramref name="step"/>); NaN values are gaps and left out. Null with fewer than <see cref="MinimumPoints"/>.</summary>
    public static TrendFit? Fit(ReadOnlySpan<double> values, double firstX, double step) => Fit(values, firstX, step, double.NegativeInfinity);

    /// <summary>As <see cref="Fit(ReadOnlySpan{double}, double, double)"/>, but null as well when Kendall's tau is
    /// below <paramref name="minTau"/>: tau needs only the pairs, the slope's median a selection over them, so a caller
    /// that drops unsteady lines anyway (the disk trends) skips most of the cost. A line it gives is the same.</summary>
    public static TrendFit? Fit(ReadOnlySpan<double> values, double firstX, double step, double minTau)
    {
        var xs = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                xs[i] = firstX + (i * step);
            }

            return Fit(xs.AsSpan(0, values.Length), values, minTau);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(xs);
        }
    }

    /// <summary>The line through points (x ascending or not); a point with a NaN x or y is left out. Null with fewer
    /// than <see cref="MinimumPoints"/> present points or when all of them share one x.</summary>
    public static TrendFit? Fit(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys) => Fit(xs, ys, double.NegativeInfinity);

    private static TrendFit? Fit(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double minTau)
    {
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException($"{xs.Length} x values for {ys.Length} y values: give one x per y", nameof(xs));
        }

        var present = 0;
        for (var i = 0; i < ys.Length; i++)
        {
            if (!double.IsNaN(xs[i]) && !double.IsNaN(ys[i]))
            {
                present++;
            }
        }

        if (present < MinimumPoints)
        {
            return null;
        }

        if (present > MaximumPoints)
        {
            throw new ArgumentException($"{present} points for one Theil–Sen line, at most {MaximumPoints}: consolidate them first (minutes, not seconds)", nameof(ys));
        }

        var pool = ArrayPool<double>.Shared;
        var (px, py) = (pool.Rent(present), pool.Rent(present));
        var slopes = pool.Rent(present * (present - 1) / 2);
        try
        {
            var n = 0;
            for (var i = 0; i < ys.Length; i++)
            {
                if (!double.IsNaN(xs[i]) && !double.IsNaN(ys[i]))
                {
                    (px[n], py[n]) = (xs[i], ys[i]);
                    n++;
                }
            }

            // Pairs with the same x have no slope and count in neither tau's numerator nor its denominator (tau-a
            // over the pairs that have an order in time); ties in y count as neither concordant nor discordant.
            var (pairs, concordant, discordant) = (0, 0L, 0L);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var dx = px[j] - px[i];
                    if (dx == 0)
                    {
                        continue;
                    }

                    var slope = (py[j] - py[i]) / dx;
                    slopes[pairs++] = slope;
                    if (slope > 0)
                    {
                        concordant++;
                    }
                    else if (slope < 0)
                    {
                        discordant++;
                    }
                }
            }

            if (pairs == 0 || (double)(concordant - discordant) / pairs < minTau)
            {
                return null;
            }

            var median = Median(slopes.AsSpan(0, pairs));
            if (!double.IsFinite(median))
            {
                return null;
            }

            // Sen's intercept, taken at the first x so that unix times do not cost the level its precision.
            var origin = px[0];
            for (var i = 0; i < n; i++)
            {
                slopes[i] = py[i] - (median * (px[i] - origin));
            }

            var level = Median(slopes.AsSpan(0, n));
            var (first, last) = (px[0], px[0]);
            for (var i = 1; i < n; i++)
            {
                first = Math.Min(first, px[i]);
                last = Math.Max(last, px[i]);
            }

            return new TrendFit(median, origin, level, (double)(concordant - discordant) / pairs, (double)concordant / pairs, n, first, last);
        }
        finally
        {
            pool.Return(px);
            pool.Return(py);
            pool.Return(slopes);
        }
    }

    /// <summary>The median of a span it may reorder (the mean of the two middle values for an even count): a
    /// selection (quickselect), not a sort, since only the middle is needed. With a NaN among the values, the sort's
    /// order (NaN first) decides, as it always did.</summary>
    internal static double Median(Span<double> values)
    {
        var mid = values.Length / 2;
        if (values.Length == 0 || HasNaN(values))
        {
            values.Sort();
            return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }

        var upper = Selection.KthSmallest(values, mid);
        if (values.Length % 2 == 1)
        {
            return upper;
        }

        // Everything left of mid is at most values[mid]: the lower middle is their largest.
        var lower = values[0];
        for (var i = 1; i < mid; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return (lower + upper) / 2;
    }

    private static bool HasNaN(Span<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A Theil–Sen line: <see cref="Slope"/> per unit of x (per second for times), through (<see cref="Origin"/>,
/// <see cref="Level"/>). <see cref="Tau"/> is Kendall's tau (-1 to 1) of the points, <see cref="RisingFraction"/>
/// the share of pairs that rise; <see cref="Points"/> present points from <see cref="FirstX"/> to <see cref="LastX"/>.
/// </summary>
public readonly record struct TrendFit(double Slope, double Origin, double Level, double Tau, double RisingFraction, int Points, double FirstX, double LastX)
{
    /// <summary>Sen's intercept: the line's value at x = 0 (median of y − slope × x).</summary>
    public double Intercept => Level - (Slope * Origin);

    /// <summary>The line's value at <paramref name="x"/>.</summary>
    public double ValueAt(double x) => Level + (Slope * (x - Origin));

    /// <summary>The x at which the line reaches <paramref name="limit"/> going up; null when it does not rise. Before
    /// <see cref="LastX"/> when the line is past the limit already.</summary>
    public double? WhenReaches(double limit) => Slope > 0 && double.IsFinite(limit) ? Origin + ((limit - Level) / Slope) : null;
}
