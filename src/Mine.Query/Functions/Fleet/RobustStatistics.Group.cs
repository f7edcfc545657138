using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>How outliers() decides: beyond ±<see cref="K"/> for at least <see cref="MinFraction"/> of the points of the
/// trailing <see cref="WindowSeconds"/>, on the side <see cref="Direction"/> allows.</summary>
public sealed record OutlierRule(double K, long WindowSeconds, double MinFraction = 0.5, OutlierDirection Direction = OutlierDirection.Both);

/// <summary>
/// One member's standing in its group: its scores at every point (capped, as robustScore() draws them), the median of
/// those in the window (signed: positive is over-working; NaN when it has none there), and the outliers() verdict.
/// </summary>
public sealed record MemberStanding(TimeSeries Member, double[] Scores, double WindowScore, OutlierVerdict? Outlier);

/// <summary>A group's members scored against each other at a common <see cref="Step"/>, in the members' order.</summary>
public sealed record GroupStanding(long Step, int WindowPoints, IReadOnlyList<MemberStanding> Members);

public static partial class RobustStatistics
{
    /// <summary>
    /// robustScore() and outliers() of <paramref name="members"/> in one pass: normalized to a common step, scored
    /// point by point against each other, each judged by <paramref name="rule"/>. The numbers are the render
    /// functions' (they call the same methods); the members' arrays may be consolidated in place, as normalize() does.
    /// </summary>
    public static GroupStanding Assess(List<TimeSeries> members, OutlierRule rule)
    {
        var (series, points, step) = Normalized(members);
        var scores = Scores(points);
        var length = scores.Length == 0 ? 0 : scores.Max(static s => s.Length);
        var window = WindowPoints(rule.WindowSeconds, step, length);
        var standings = new List<MemberStanding>(series.Count);
        for (var m = 0; m < series.Count; m++)
        {
            // The verdict ranks on the uncapped scores, as outliers() does; the window median is robustScore()'s, capped.
            var verdict = series.Count < MinimumMembers ? null : Verdict(scores[m], window, rule.K, rule.MinFraction, rule.Direction);
            Cap(scores[m]);
            standings.Add(new MemberStanding(series[m], scores[m], WindowMedian(scores[m], window), verdict));
        }

        return new GroupStanding(step, window, standings);
    }
}
