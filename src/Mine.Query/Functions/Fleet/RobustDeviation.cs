using System.Runtime.InteropServices;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// Robust deviation of fleet members from their peers: at every timestamp, the median of the members' values
/// and the median absolute deviation (MAD, scaled by 1.4826 so it estimates a standard deviation for normal
/// data). A member's score is (value - median) / scaled MAD. Median and MAD ignore a minority of wild members,
/// which is why a mean and standard deviation are not used: one landmine must not hide itself or another.
/// </summary>
public static class RobustDeviation
{
    /// <summary>1 / Φ⁻¹(3/4): makes the MAD of normally distributed data equal its standard deviation.</summary>
    public const double MadScale = 1.4826;

    /// <summary>Fewer members than this have no meaningful "peers": every score is None.</summary>
    public const int MinimumMembers = 3;

    /// <summary>
    /// Scores for every member and point: NaN where the member has no value or the row has fewer than
    /// <see cref="MinimumMembers"/> values. When the scaled MAD is 0 (most members identical) a member equal to
    /// the median scores 0 and any other member ±infinity: it is unambiguously different from all its peers.
    /// </summary>
    public static double[][] Scores(IReadOnlyList<double[]> members, Func<long, double[]> newValues)
    {
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

            if (row.Count < MinimumMembers)
            {
                foreach (var score in scores)
                {
                    score[t] = double.NaN;
                }

                continue;
            }

            var median = AggregationFunctions.SafeMedian(CollectionsMarshal.AsSpan(row));
            for (var i = 0; i < row.Count; i++)
            {
                deviations[i] = Math.Abs(row[i] - median);
            }

            var scale = MadScale * AggregationFunctions.SafeMedian(deviations.AsSpan(0, row.Count));
            for (var m = 0; m < members.Count; m++)
            {
                var value = t < members[m].Length ? members[m][t] : double.NaN;
                scores[m][t] = double.IsNaN(value) ? double.NaN
                    : scale > 0 ? (value - median) / scale
                    : value == median ? 0
                    : value > median ? double.PositiveInfinity : double.NegativeInfinity;
            }
        }

        return scores;
    }

    /// <summary>
    /// How many trailing points a window covers: an int is a point count, an interval string is converted with
    /// the series step; null covers every point.
    /// </summary>
    public static int WindowPoints(object? window, long step, int length, FunctionCall call)
    {
        switch (window)
        {
            case null:
                return length;
            case long points when points > 0:
                return (int)Math.Min(points, length);
            case string interval:
                var seconds = (long)Math.Abs(AtTimeParser.ParseTimeOffset(interval).TotalSeconds);
                if (seconds <= 0)
                {
                    throw call.Error($"window \"{interval}\" must be a positive interval such as \"30min\"");
                }

                return (int)Math.Min(length, Math.Max(1, seconds / Math.Max(1, step)));
            default:
                throw call.Error($"window must be a positive number of points or an interval such as \"30min\", not {FunctionCall.Describe(window)}");
        }
    }

    /// <summary>The members' consolidated points after normalizing them to a common step.</summary>
    public static (List<TimeSeries> Series, double[][] Points, long Step) NormalizedPoints(List<TimeSeries> seriesList)
    {
        if (Common.Normalization.Normalize(seriesList) is not { } normalized)
        {
            return ([], [], 0);
        }

        return (normalized.Series, [.. normalized.Series.Select(s => s.GetPoints())], normalized.Step);
    }
}
