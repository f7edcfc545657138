using Mine.Query.Functions.Fleet;
using Mine.Query.Series;

namespace Mine.Fleet;

public sealed partial class LandmineDetector
{
    /// <summary>One group's result on one metric: what the group page shows, and the outliers among its members.</summary>
    private sealed record ScoredMetric(GroupMetric Metric, IReadOnlyList<Landmine> Outliers);

    /// <summary>
    /// Scores a group's members on one metric; null when fewer than three members have series or none has a score in
    /// the window. Members sharing a series root (a host known under two names) count once, under the first name.
    /// </summary>
    private static ScoredMetric? Score(FleetMetric metric, string group, IEnumerable<(HostRecord Host, TimeSeries Sum)> sums)
    {
        var members = sums.DistinctBy(static s => s.Host.SeriesRoot, StringComparer.Ordinal).ToList();
        if (members.Count < RobustStatistics.MinimumMembers)
        {
            return null;
        }

        var standing = RobustStatistics.Assess([.. members.Select(static m => m.Sum)], Rule);
        var step = Math.Max(1, standing.Step);
        var scores = new Dictionary<string, MemberScore>(StringComparer.Ordinal);
        for (var m = 0; m < members.Count; m++)
        {
            var own = standing.Members[m];
            if (!double.IsNaN(own.WindowScore))
            {
                var host = members[m].Host.Name;
                scores[host] = new MemberScore(host, own.WindowScore, BeyondSeconds(own.Scores, Math.Sign(own.WindowScore), step));
            }
        }

        if (scores.Count == 0)
        {
            return null;
        }

        var membersTarget = LandmineTargets.Members(members.Select(static m => m.Host.SeriesRoot), metric);
        var bandTarget = LandmineTargets.Band(membersTarget);
        var outliers = new List<Landmine>();
        for (var m = 0; m < members.Count; m++)
        {
            if (standing.Members[m].Outlier is not { } verdict)
            {
                continue;
            }

            var (host, own) = (members[m].Host, standing.Members[m]);
            var severity = Math.Min(RobustStatistics.ScoreCap, verdict.Severity);
            var score = scores.TryGetValue(host.Name, out var member) ? member.Score : verdict.Sign * severity;
            outliers.Add(new Landmine(host.Name, group, metric, verdict.Side == OutlierSide.Above ? "above" : "below", severity, score,
                BeyondSeconds(own.Scores, verdict.Sign, step), LandmineTargets.Members([host.SeriesRoot], metric), membersTarget, bandTarget));
        }

        var ranked = scores.Values.OrderByDescending(static s => Math.Abs(s.Score)).ThenBy(static s => s.Host, StringComparer.Ordinal).ToList();
        return new ScoredMetric(new GroupMetric(metric, membersTarget, bandTarget, LandmineTargets.Outliers(membersTarget), ranked), outliers);
    }

    /// <summary>How long, up to the newest point, the scores have been beyond k on the side of <paramref name="sign"/>.</summary>
    private static long BeyondSeconds(double[] scores, double sign, long step) => RobustStatistics.TrailingRun(scores, sign, K) * step;

    /// <summary>The landmines of every group and metric, and each host's score for the fleet tiles.</summary>
    private sealed class LandmineRanking
    {
        private readonly List<Landmine> _landmines = [];

        public Dictionary<string, double> HostScores { get; } = new(StringComparer.Ordinal);

        public void Add(ScoredMetric scored)
        {
            foreach (var outlier in scored.Outliers)
            {
                _landmines.Add(outlier);
                var signed = (outlier.Side == "below" ? -1 : 1) * outlier.Severity;
                if (!HostScores.TryGetValue(outlier.Host, out var previous) || Math.Abs(previous) < K || outlier.Severity > Math.Abs(previous))
                {
                    HostScores[outlier.Host] = signed;
                }
            }

            // Hosts not listed keep their most deviating median score, held inside ±k so a tile never says
            // "outlier" when the landmine list (the outliers() verdict) does not list it.
            foreach (var member in scored.Metric.Members)
            {
                if (scored.Outliers.Any(o => o.Host == member.Host))
                {
                    continue;
                }

                var held = Math.Clamp(member.Score, -(K - 0.01), K - 0.01);
                if (!HostScores.TryGetValue(member.Host, out var previous) || (Math.Abs(previous) < K && Math.Abs(held) > Math.Abs(previous)))
                {
                    HostScores[member.Host] = held;
                }
            }
        }

        /// <summary>Most severe first, then the longest beyond k, then by name.</summary>
        public List<Landmine> Landmines() => _landmines
            .OrderByDescending(static l => l.Severity)
            .ThenByDescending(static l => l.BeyondSeconds)
            .ThenBy(static l => l.Host, StringComparer.Ordinal)
            .ToList();
    }
}
