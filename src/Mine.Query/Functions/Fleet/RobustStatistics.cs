using System.Runtime.InteropServices;
using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// Robust deviation of fleet members from their peers, as typed calls: at every timestamp, the median of the members'
/// values and the median absolute deviation (MAD, scaled by <see cref="MadScale"/> so it estimates a standard
/// deviation for normal data). A member's score is (value - median) / scaled MAD. Median and MAD ignore a minority of
/// wild members, which is why a mean and standard deviation are not used: one landmine must not hide itself or
/// another. The render functions (robustScore, outliers) and the landmine detection both call these, so there is one
/// implementation of the math.
/// </summary>
public static partial class RobustStatistics
{
    /// <summary>1 / Φ⁻¹(3/4): makes the MAD of normally distributed data equal its standard deviation.</summary>
    public const double MadScale = 1.4826;

    /// <summary>Fewer members than this have no meaningful "peers": every score is None.</summary>
    public const int MinimumMembers = 3;

    /// <summary>Scores are capped at ±this where they are shown (robustScore's series, the landmines), so graphs and
    /// JSON stay finite; <see cref="Verdict"/> ranks on the uncapped ones.</summary>
    public const double ScoreCap = 1e6;

    /// <summary>The median and scaled MAD of one timestamp's values (NaN is None and left out); both NaN when fewer
    /// than <see cref="MinimumMembers"/> values are present.</summary>
    public static RobustSpread Spread(ReadOnlySpan<double> values)
    {
        var present = new List<double>(values.Length);
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }

        return SpreadOfPresent(CollectionsMarshal.AsSpan(present), new double[present.Count]); // reserved: scratch no larger than the caller's own row
    }

    /// <summary>
    /// Scores for every member and point: NaN where the member has no value or the row has fewer than
    /// <see cref="MinimumMembers"/> values. When the scaled MAD is 0 (most members identical) a member equal to
    /// the median scores 0 and any other member ±infinity: it is unambiguously different from all its peers.
    /// Members are aligned by index (normalize them to one step first: <see cref="Normalized"/>).
    /// </summary>
    /// <param name="members">Each member's points.</param>
    /// <param name="newValues">Where the score arrays come from (a render reserves them against its limits); null allocates.</param>
    public static double[][] Scores(IReadOnlyList<double[]> members, Func<long, double[]>? newValues = null)
    {
        newValues ??= static length => new double[length]; // reserved: not needed outside a render; robustScore() and outliers() pass call.NewValues
        var length = members.Count == 0 ? 0 : members.Max(m => m.Length);
        var scores = members.Select(_ => newValues(length)).ToArray();
        var row = new List<double>(members.Count);
        var deviations = newValues(members.Count);
        for (var t = 0; t < length; t++)
        {
            row.Clear();
            foreach (var member in members)
            {
                if (t < member.Length && !double.IsNaN(member[t]))
                {
                    row.Add(member[t]);
                }
            }

            var spread = SpreadOfPresent(CollectionsMarshal.AsSpan(row), deviations);
            for (var m = 0; m < members.Count; m++)
            {
                scores[m][t] = spread.Score(t < members[m].Length ? members[m][t] : double.NaN);
            }
        }

        return scores;
    }

    /// <summary>A score as robustScore() draws it: within ±<see cref="ScoreCap"/> (NaN stays NaN).</summary>
    public static double Capped(double score) => Math.Clamp(score, -ScoreCap, ScoreCap);

    /// <summary>Caps every score in place (see <see cref="Capped"/>).</summary>
    public static void Cap(Span<double> scores)
    {
        for (var t = 0; t < scores.Length; t++)
        {
            scores[t] = Capped(scores[t]);
        }
    }

    /// <summary>The points a trailing window of <paramref name="seconds"/> covers at <paramref name="step"/>: at least
    /// one, at most <paramref name="length"/>.</summary>
    public static int WindowPoints(long seconds, long step, int length) => (int)Math.Min(length, Math.Max(1, seconds / Math.Max(1, step)));

    /// <summary>Median of the non-missing scores of the trailing <paramref name="points"/>, NaN when none.</summary>
    public static double WindowMedian(ReadOnlySpan<double> scores, int points)
    {
        var window = scores[Math.Max(0, scores.Length - points)..];
        return AggregationFunctions.SafeMedian(window);
    }

    /// <summary>
    /// How many trailing points have been beyond <paramref name="k"/> on the side of <paramref name="sign"/>:
    /// consecutive points from the newest backwards (missing points neither break nor extend the run).
    /// </summary>
    public static int TrailingRun(ReadOnlySpan<double> scores, double sign, double k)
    {
        var count = 0;
        for (var t = scores.Length - 1; t >= 0; t--)
        {
            var score = scores[t];
            if (double.IsNaN(score))
            {
                continue;
            }

            if (sign * score > k)
            {
                count++;
            }
            else
            {
                break;
            }
        }

        return count;
    }

    /// <summary>
    /// outliers()' test of one member: among its scores in the trailing <paramref name="windowPoints"/>, the share
    /// beyond ±<paramref name="k"/> on the member's side (the side with more such points, or the one
    /// <paramref name="direction"/> asks for) must be at least <paramref name="minFraction"/>. Null when the member
    /// is not an outlier; otherwise its side and severity, the median |score| in the window (uncapped: may be
    /// infinite).
    /// </summary>
    public static OutlierVerdict? Verdict(ReadOnlySpan<double> scores, int windowPoints, double k, double minFraction, OutlierDirection direction)
    {
        var (above, below, counted) = (0, 0, 0);
        var magnitudes = new List<double>(windowPoints);
        for (var t = Math.Max(0, scores.Length - windowPoints); t < scores.Length; t++)
        {
            var score = scores[t];
            if (double.IsNaN(score))
            {
                continue;
            }

            counted++;
            magnitudes.Add(Math.Abs(score));
            if (score > k)
            {
                above++;
            }
            else if (score < -k)
            {
                below++;
            }
        }

        if (counted == 0)
        {
            return null;
        }

        var (side, beyond) = direction switch
        {
            OutlierDirection.Above => (OutlierSide.Above, above),
            OutlierDirection.Below => (OutlierSide.Below, below),
            _ => (above >= below ? OutlierSide.Above : OutlierSide.Below, Math.Max(above, below)),
        };
        return (double)beyond / counted >= minFraction && beyond > 0
            ? new OutlierVerdict(side, AggregationFunctions.SafeMedian(CollectionsMarshal.AsSpan(magnitudes)))
            : null;
    }

    /// <summary>The members' consolidated points after normalizing them to a common step (graphite-web's
    /// normalize()); empty with step 0 when there is no member.</summary>
    public static (List<TimeSeries> Series, double[][] Points, long Step) Normalized(List<TimeSeries> members)
    {
        if (Common.Normalization.Normalize(members) is not { } normalized)
        {
            return ([], [], 0);
        }

        return (normalized.Series, [.. normalized.Series.Select(s => s.GetPoints())], normalized.Step);
    }

    /// <summary>The spread of a row of present values; <paramref name="deviations"/> is scratch space at least as long.</summary>
    private static RobustSpread SpreadOfPresent(ReadOnlySpan<double> row, Span<double> deviations)
    {
        if (row.Length < MinimumMembers)
        {
            return RobustSpread.Unknown;
        }

        var median = AggregationFunctions.SafeMedian(row);
        for (var i = 0; i < row.Length; i++)
        {
            deviations[i] = Math.Abs(row[i] - median);
        }

        return new RobustSpread(median, MadScale * AggregationFunctions.SafeMedian(deviations[..row.Length]));
    }
}
