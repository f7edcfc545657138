using Mine.Query.Functions.Fleet;

namespace Mine.Fleet;

public sealed partial class LandmineDetector
{
    /// <summary>The chance, per group and run, that the combined verdict lists a host that is in line (Bonferroni
    /// over the group's members: 0.05 keeps false alarms far below one per 100 hosts).</summary>
    public const double FalseAlarmRate = 0.05;

    /// <summary>The score from which a fleet tile shows a host as an outlier (the UI's threshold, outliers()' default k).</summary>
    public const double TileThreshold = 3;

    /// <summary>A metric counts as evidence of a combined verdict when its score is at least this, on the verdict's side.</summary>
    private const double ContributionScore = 1;

    /// <summary>Turns every host's evidence into one verdict per host: the list, the tiles' scores, the counts.</summary>
    private sealed class VerdictBuilder(LandmineSettings settings, long now)
    {
        private readonly Dictionary<string, (HostRecord Host, List<MetricEvidence> Evidence)> _hosts = new(StringComparer.Ordinal);

        public void Add(ScoredMetric scored)
        {
            foreach (var (host, evidence) in scored.Evidence)
            {
                if (!_hosts.TryGetValue(host.Name, out var entry))
                {
                    _hosts[host.Name] = entry = (host, []);
                }

                entry.Evidence.Add(evidence);
            }
        }

        public (List<Landmine> Landmines, Dictionary<string, HostVerdict> Verdicts, Dictionary<string, double> HostScores) Build(IEnumerable<HostRecord> stale)
        {
            var landmines = new List<Landmine>();
            var verdicts = new Dictionary<string, HostVerdict>(StringComparer.Ordinal);
            var scores = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var group in _hosts.Values.GroupBy(static h => h.Host.Group, StringComparer.Ordinal))
            {
                var tuning = settings.For(group.Key);
                var members = group.ToList();
                // Only scores against the host's own normal are combined: a host judged against its group alone (too
                // little history) differs from it by its own constant (a smaller machine is 10 % low on everything),
                // which adding metrics would turn into false evidence. Such a host is listed by one metric beyond k.
                var combined = RobustStatistics.FlooredScores([.. members.Select(static m => RobustStatistics.Stouffer([.. m.Evidence.Select(static e => e.RatioToNormal is null ? double.NaN : e.Score)]))], 1);
                var threshold = RobustStatistics.BonferroniThreshold(FalseAlarmRate, members.Count);
                for (var i = 0; i < members.Count; i++)
                {
                    var (host, evidence) = members[i];
                    if (Judge(host, evidence, combined[i], threshold, tuning) is { } landmine)
                    {
                        landmines.Add(landmine);
                        verdicts[host.Name] = new HostVerdict(LandmineKind.Level, landmine.Side, landmine.Score);
                        scores[host.Name] = Math.Sign(landmine.Score) * Math.Max(TileThreshold, landmine.Severity);
                    }
                    else
                    {
                        // Held inside the tiles' threshold: a tile never says "outlier" for a host the list leaves out.
                        var worst = evidence.MaxBy(static e => Math.Abs(e.Score))!.Score;
                        var held = Math.Clamp(worst, -(TileThreshold - 0.01), TileThreshold - 0.01);
                        verdicts[host.Name] = new HostVerdict(LandmineKind.Ok, null, held);
                        scores[host.Name] = held;
                    }
                }
            }

            var ranked = landmines.OrderByDescending(static l => l.Severity).ThenBy(static l => l.Since).ThenBy(static l => l.Host, StringComparer.Ordinal).ToList();
            foreach (var host in stale.OrderBy(static h => h.LastSeen).ThenBy(static h => h.Name, StringComparer.Ordinal))
            {
                ranked.Add(new Landmine(host.Name, host.Group, LandmineKind.Stale, null, 0, double.NaN, host.LastSeen, false, []));
                verdicts[host.Name] = new HostVerdict(LandmineKind.Stale, null, double.NaN);
            }

            return (ranked, verdicts, scores);
        }

        /// <summary>
        /// A host is a level landmine when one metric alone is beyond k (and, against its own normal, changed by at
        /// least <see cref="MinimumChange"/>), or when its combined score over every metric, calibrated against its
        /// group's, is beyond the group's false-alarm threshold. Null when neither.
        /// </summary>
        private Landmine? Judge(HostRecord host, List<MetricEvidence> evidence, double combined, double threshold, LandmineTuning tuning)
        {
            var alone = evidence.Where(static e => e.Beyond).OrderByDescending(static e => Math.Abs(e.Score)).ThenBy(static e => e.Metric.Id, StringComparer.Ordinal).ToList();
            if (alone.Count > 0)
            {
                var worst = alone[0];
                var side = Math.Sign(worst.Score);
                var others = evidence.Where(e => !e.Beyond && side * e.Score >= ContributionScore).OrderByDescending(static e => Math.Abs(e.Score));
                var severity = Math.Min(RobustStatistics.ScoreCap, Math.Abs(worst.Score));
                return new Landmine(host.Name, host.Group, LandmineKind.Level, SideOf(side), severity, side * severity,
                    now - alone.Max(static e => e.BeyondSeconds), false, [.. alone, .. others]);
            }

            if (double.IsNaN(combined) || Math.Abs(combined) <= threshold)
            {
                return null;
            }

            var sign = Math.Sign(combined);
            var contributing = evidence.Where(e => sign * e.Score >= ContributionScore).OrderByDescending(static e => Math.Abs(e.Score)).ThenBy(static e => e.Metric.Id, StringComparer.Ordinal).ToList();
            var capped = Math.Min(RobustStatistics.ScoreCap, Math.Abs(combined));
            return new Landmine(host.Name, host.Group, LandmineKind.Level, SideOf(sign), capped, sign * capped, now - tuning.WindowSeconds, true,
                contributing.Count > 0 ? contributing : [.. evidence.OrderByDescending(e => sign * e.Score)]);
        }

        private static string SideOf(double sign) => sign >= 0 ? "above" : "below";
    }
}
