using Mine.Query.Functions;
using Mine.Query.Functions.Combine;
using Mine.Query.Functions.Fleet;
using Mine.Query.Series;

namespace Mine.Fleet;

public sealed partial class LandmineDetector
{
    /// <summary>Robust spread of the members' deviations from their own normals, at least this (log units, about
    /// 5 %): in a group whose members move in perfect step, a host a few percent off its normal is not infinitely
    /// far from its peers.</summary>
    public const double DeviationFloor = RobustStatistics.DeviationFloor;

    /// <summary>One metric alone lists a host judged against its own normal only when it is also at least this many
    /// times above (or this many times below) that normal: a robust score can be large in a group that hardly moves,
    /// and a 10 % change of one metric is not a landmine by itself (several together are: the combined verdict).</summary>
    public const double MinimumChange = 1.5;

    /// <summary>One group's result on one metric: what the group page shows, and every member's evidence.</summary>
    private sealed record ScoredMetric(GroupMetric Metric, IReadOnlyList<(HostRecord Host, MetricEvidence Evidence)> Evidence);

    /// <summary>
    /// Scores a group's members on one metric (decision 0029): every member against the group at each point
    /// (<see cref="RobustStatistics.Assess"/>, what <c>outliers()</c> does), and the members with an own normal
    /// (<see cref="HostBaselines"/>) by how far their current log-ratio to the group's median has moved from it,
    /// robustly against how far the others' have. Null when fewer than three members have series or none has a
    /// score in the window. Members sharing a series root (a host known under two names) count once.
    /// </summary>
    private static ScoredMetric? Score(FleetMetric metric, string group, IEnumerable<(HostRecord Host, TimeSeries Sum)> sums, LandmineTuning tuning, MetricBaseline? baseline)
    {
        var members = sums.DistinctBy(static s => s.Host.SeriesRoot, StringComparer.Ordinal).ToList();
        if (members.Count < RobustStatistics.MinimumMembers)
        {
            return null;
        }

        var standing = RobustStatistics.Assess([.. members.Select(static m => m.Sum)], new OutlierRule(tuning.K, tuning.WindowSeconds));
        var step = Math.Max(1, standing.Step);
        var ratios = LogRatios(standing, group, baseline);
        var own = OwnNormalScores(members, ratios, standing.WindowPoints, baseline, tuning.K, step);
        var membersTarget = LandmineTargets.Members(members.Select(static m => m.Host.SeriesRoot), metric);
        var bandTarget = LandmineTargets.Band(membersTarget, tuning);
        var evidence = new List<(HostRecord, MetricEvidence)>();
        for (var m = 0; m < members.Count; m++)
        {
            var host = members[m].Host;
            var now = AggregationFunctions.SafeMedian(ratios[m].AsSpan(Math.Max(0, ratios[m].Length - standing.WindowPoints)));
            var hostTarget = LandmineTargets.Members([host.SeriesRoot], metric);
            if (own[m] is { } self)
            {
                evidence.Add((host, new MetricEvidence(metric, self.Score, Math.Exp(now), Math.Exp(self.Deviation), self.BeyondSeconds,
                    Math.Abs(self.Score) > tuning.K && Math.Abs(self.Deviation) >= Math.Log(MinimumChange), hostTarget, membersTarget, bandTarget)));
                continue;
            }

            var level = standing.Members[m];
            if (double.IsNaN(level.WindowScore))
            {
                continue;
            }

            var sign = level.Outlier?.Sign ?? Math.Sign(level.WindowScore);
            evidence.Add((host, new MetricEvidence(metric, level.WindowScore, Math.Exp(now), null, RobustStatistics.TrailingRun(level.Scores, sign, tuning.K) * step,
                level.Outlier is not null, hostTarget, membersTarget, bandTarget)));
        }

        if (evidence.Count == 0)
        {
            return null;
        }

        var ranked = evidence.Select(static e => new MemberScore(e.Item1.Name, e.Item2.Score, e.Item2.BeyondSeconds))
            .OrderByDescending(static s => Math.Abs(s.Score)).ThenBy(static s => s.Host, StringComparer.Ordinal).ToList();
        return new ScoredMetric(new GroupMetric(metric, membersTarget, bandTarget, LandmineTargets.Outliers(membersTarget, tuning), ranked), evidence);
    }

    /// <summary>Every member's log-ratio to the group's median at each point (the shared daily cycle divides out).</summary>
    private static double[][] LogRatios(GroupStanding standing, string group, MetricBaseline? baseline)
    {
        var points = standing.Members.Select(static s => s.Member.GetPoints()).ToArray();
        var length = points.Length == 0 ? 0 : points.Max(static p => p.Length);
        var medians = new double[length];
        var row = new double[points.Length];
        for (var t = 0; t < length; t++)
        {
            for (var m = 0; m < points.Length; m++)
            {
                row[m] = t < points[m].Length ? points[m][t] : double.NaN;
            }

            medians[t] = RobustStatistics.Spread(row).Median;
        }

        var epsilon = baseline is not null && baseline.Epsilons.TryGetValue(group, out var learnt) ? learnt : HostBaselines.Epsilon(medians);
        return [.. points.Select(p => Enumerable.Range(0, length).Select(t => RobustStatistics.LogRatio(t < p.Length ? p[t] : double.NaN, medians[t], epsilon)).ToArray())];
    }

    /// <summary>A member's standing against its own normal: robust score of its deviation among the members that
    /// have one, the deviation (log units), and how long its per-point score has been beyond k on that side.</summary>
    private readonly record struct OwnNormalScore(double Score, double Deviation, long BeyondSeconds);

    /// <summary>Scores against own normals, for the members that have one; all null when fewer than three have.</summary>
    private static OwnNormalScore?[] OwnNormalScores(List<(HostRecord Host, TimeSeries Sum)> members, double[][] ratios, int window, MetricBaseline? baseline, double k, long step)
    {
        var result = new OwnNormalScore?[members.Count];
        var normals = members.Select(m => baseline is not null && baseline.Normals.TryGetValue(m.Host.Name, out var n) ? n.LogRatio : double.NaN).ToArray();
        var judged = Enumerable.Range(0, members.Count).Where(m => !double.IsNaN(normals[m])).ToArray();
        if (judged.Length < RobustStatistics.MinimumMembers)
        {
            return result;
        }

        var deviations = judged.Select(m => AggregationFunctions.SafeMedian(ratios[m].AsSpan(Math.Max(0, ratios[m].Length - window))) - normals[m]).ToArray();
        var scores = RobustStatistics.FlooredScores(deviations, DeviationFloor);

        // The same score at every point, for how long it has been beyond k.
        var length = ratios.Max(static r => r.Length);
        var perPoint = judged.Select(_ => new double[length]).ToArray();
        var row = new double[judged.Length];
        for (var t = 0; t < length; t++)
        {
            for (var j = 0; j < judged.Length; j++)
            {
                var r = ratios[judged[j]];
                row[j] = t < r.Length ? r[t] - normals[judged[j]] : double.NaN;
            }

            var at = RobustStatistics.FlooredScores(row, DeviationFloor);
            for (var j = 0; j < judged.Length; j++)
            {
                perPoint[j][t] = at[j];
            }
        }

        for (var j = 0; j < judged.Length; j++)
        {
            if (!double.IsNaN(scores[j]))
            {
                result[judged[j]] = new OwnNormalScore(scores[j], deviations[j], RobustStatistics.TrailingRun(perPoint[j], Math.Sign(scores[j]), k) * step);
            }
        }

        return result;
    }
}
