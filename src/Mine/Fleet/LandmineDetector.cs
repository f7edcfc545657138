using System.Buffers;
using System.Globalization;
using Mine.Query.Evaluation;
using Mine.Query.Functions;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>A metric every member of a group is compared on: <see cref="Pattern"/> under each host's series root,
/// summed per host (CPU over cores and states, interface octets over interfaces).</summary>
public sealed record FleetMetric(string Id, string Title, string Plugin, string Pattern);

/// <summary>One member's standing on one metric: the median robust score in the window (signed; positive is
/// over-working) and how long, up to now, it has been beyond k on that side (0 when its last point is not).</summary>
public sealed record MemberScore(string Host, double Score, long BeyondSeconds);

/// <summary>A group's members on one metric, most deviating first; the targets draw its band and outliers.</summary>
public sealed record GroupMetric(FleetMetric Metric, string MembersTarget, string BandTarget, string OutliersTarget, IReadOnlyList<MemberScore> Members);

/// <summary>A current outlier, as <c>outliers()</c> finds it: side above/below, severity = its median |score|.</summary>
public sealed record Landmine(string Host, string Group, FleetMetric Metric, string Side, double Severity, double Score, long BeyondSeconds, string HostTarget, string MembersTarget, string BandTarget);

/// <summary>One computation over the whole fleet.</summary>
public sealed record LandmineSnapshot(
    long ComputedAt,
    double ElapsedSeconds,
    int FleetHosts,
    IReadOnlyList<Landmine> Landmines,
    IReadOnlyDictionary<string, IReadOnlyList<GroupMetric>> Groups,
    IReadOnlyDictionary<string, double> HostScores);

/// <summary>
/// The fleet's landmines (docs/ui.md, "Landmines"): for every group and every metric of <see cref="Metrics"/> that at
/// least three fresh members send, evaluates <c>outliers(X, k, window)</c> and <c>robustScore(X)</c> with the render
/// API's evaluator, X being the members' series summed per host. The detection is the render functions' code, not a
/// copy: this class only picks the targets, reads the tags and series they answer and ranks. Results are kept and
/// recomputed at most every <see cref="RefreshSeconds"/> (30 s by default) (a background service asks; the API reads the last one).
/// </summary>
public sealed class LandmineDetector(FleetRegistry fleet, HostPlugins plugins, ISeriesSource source, int refreshSeconds = LandmineDetector.DefaultRefreshSeconds, TimeProvider? time = null)
{
    public const double K = 3;
    public const string Window = "15min";
    public const long WindowSeconds = 15 * 60;
    public const long RangeSeconds = 3600;
    public const int DefaultRefreshSeconds = 30;

    /// <summary>Scores are capped like robustScore() caps them, so JSON and graphs stay finite.</summary>
    private const double Cap = 1e6;

    private static readonly SearchValues<char> Unsafe = SearchValues.Create("*?[]{},()\"'");

    /// <summary>The metrics compared, per collectd plugin (write_graphite names).</summary>
    public static readonly FleetMetric[] Metrics =
    [
        new("cpu", "CPU busy (user + system, all cores)", "cpu", "cpu-*.cpu-{user,system}"),
        new("load", "Load (1 min)", "load", "load.load.shortterm"),
        new("memory", "Memory used", "memory", "memory.memory-used"),
        new("if_rx", "Network received (octets/s, all interfaces)", "interface", "interface-*.if_octets.rx"),
        new("if_tx", "Network sent (octets/s, all interfaces)", "interface", "interface-*.if_octets.tx"),
        new("disk_ops", "Disk operations (read + write, all disks)", "disk", "disk-*.disk_ops.{read,write}"),
        new("nginx", "nginx requests", "nginx", "nginx.nginx_requests"),
    ];

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private volatile LandmineSnapshot? _current;

    /// <summary>Seconds a computation is served before the next.</summary>
    public int RefreshSeconds { get; } = Math.Max(1, refreshSeconds);

    /// <summary>The last computation, null before the first.</summary>
    public LandmineSnapshot? Current => _current;

    /// <summary>The last computation if younger than <see cref="RefreshSeconds"/>, else a new one (one at a time).</summary>
    public LandmineSnapshot Get(CancellationToken cancellationToken = default) => Get(RefreshSeconds, cancellationToken);

    /// <summary>The last computation if younger than <paramref name="maxAgeSeconds"/>, else a new one (one at a time).</summary>
    public LandmineSnapshot Get(int maxAgeSeconds, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (_current is { } fresh && IsFresh(fresh, now, maxAgeSeconds))
        {
            return fresh;
        }

        lock (_gate)
        {
            now = _time.GetUtcNow().ToUnixTimeSeconds();
            if (_current is { } again && IsFresh(again, now, maxAgeSeconds))
            {
                return again;
            }

            var computed = Compute(now, cancellationToken);
            _current = computed;
            return computed;
        }
    }

    /// <summary>Young enough, and (past 2 s) computed over as many hosts as the fleet has now: a new host (a fleet
    /// that is just arriving after a start) is not left out for a whole refresh interval.</summary>
    private bool IsFresh(LandmineSnapshot snapshot, long now, int maxAgeSeconds) =>
        now - snapshot.ComputedAt < maxAgeSeconds && (now - snapshot.ComputedAt < 2 || snapshot.FleetHosts == fleet.Count);

    /// <summary>
    /// The target of a group's members on a metric, one series per host named after its series root:
    /// <c>groupByNodes(web-{001,002}.load.load.shortterm,"sum",0)</c>; roots under different parents are joined
    /// with group().
    /// </summary>
    public static string MembersTarget(IEnumerable<string> roots, FleetMetric metric)
    {
        var parts = new List<string>();
        foreach (var bucket in roots.GroupBy(static r => r.LastIndexOf('.') is var dot and >= 0 ? r[..dot] : "", StringComparer.Ordinal).OrderBy(static b => b.Key, StringComparer.Ordinal))
        {
            var leaves = bucket.Select(static r => r[(r.LastIndexOf('.') + 1)..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var depth = bucket.Key.Length == 0 ? 0 : bucket.Key.Count(static c => c == '.') + 1;
            var glob = leaves.Count == 1 ? leaves[0] : "{" + string.Join(',', leaves) + "}";
            var path = (bucket.Key.Length == 0 ? "" : bucket.Key + ".") + glob + "." + metric.Pattern;
            var nodes = string.Join(',', Enumerable.Range(0, depth + 1).Select(static n => n.ToString(CultureInfo.InvariantCulture)));
            parts.Add($"groupByNodes({path},\"sum\",{nodes})");
        }

        return parts.Count == 1 ? parts[0] : $"group({string.Join(',', parts)})";
    }

    public static string OutliersTarget(string members) => string.Create(CultureInfo.InvariantCulture, $"outliers({members},{K},\"{Window}\")");

    public static string BandTarget(string members) => $"band({members})";

    /// <summary>
    /// How long the trailing points have been beyond k on the side of <paramref name="sign"/>: consecutive points
    /// from the newest value backwards (missing points neither break nor extend the run), times the step.
    /// </summary>
    public static long BeyondSeconds(double[] scores, long step, double sign, double k = K)
    {
        long count = 0;
        var seen = false;
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
                seen = true;
            }
            else
            {
                break;
            }
        }

        return seen ? count * step : 0;
    }

    /// <summary>Median of the non-missing scores of the trailing <paramref name="points"/>, NaN when none.</summary>
    public static double WindowMedian(double[] scores, int points)
    {
        var values = new List<double>(points);
        for (var t = Math.Max(0, scores.Length - points); t < scores.Length; t++)
        {
            if (!double.IsNaN(scores[t]))
            {
                values.Add(scores[t]);
            }
        }

        return values.Count == 0 ? double.NaN : AggregationFunctions.SafeMedian(values.ToArray());
    }

    private LandmineSnapshot Compute(long now, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var landmines = new List<Landmine>();
        var groups = new Dictionary<string, IReadOnlyList<GroupMetric>>(StringComparer.Ordinal);
        var hostScores = new Dictionary<string, double>(StringComparer.Ordinal);
        var context = new EvaluationContext
        {
            StartSeconds = now - RangeSeconds,
            EndSeconds = now,
            NowSeconds = now,
            Source = source,
            Limits = new QueryLimits { MaxSeries = 200_000, MaxPoints = 100_000_000, MaxDuration = TimeSpan.FromSeconds(60) },
            CancellationToken = cancellationToken,
        };

        foreach (var group in fleet.Hosts().Where(h => !fleet.Rules.IsStale(h, now)).GroupBy(static h => h.Group, StringComparer.Ordinal))
        {
            var members = group.Where(static h => !h.SeriesRoot.AsSpan().ContainsAny(Unsafe)).ToList();
            var byRoot = members.GroupBy(static h => h.SeriesRoot, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.First().Name, StringComparer.Ordinal);
            var groupMetrics = new List<GroupMetric>();
            foreach (var metric in Metrics)
            {
                var roots = members.Where(h => plugins.Of(h, now).Contains(metric.Plugin)).Select(static h => h.SeriesRoot).Distinct(StringComparer.Ordinal).ToList();
                if (roots.Count < RobustDeviationMinimum)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var target = MembersTarget(roots, metric);
                var outliersTarget = OutliersTarget(target);
                List<TimeSeries> scored, outliers;
                try
                {
                    scored = TargetEvaluator.Default.EvaluateTarget($"robustScore({target})", context);
                    outliers = TargetEvaluator.Default.EvaluateTarget(outliersTarget, context);
                }
                catch (Exception ex) when (ex is Query.QueryArgumentException or InvalidOperationException)
                {
                    continue;
                }

                var scores = new List<MemberScore>();
                var seriesOf = new Dictionary<string, (double[] Values, long Step)>(StringComparer.Ordinal);
                foreach (var series in scored)
                {
                    var root = Unwrap(series.Name);
                    if (!byRoot.TryGetValue(root, out var host))
                    {
                        continue;
                    }

                    var values = series.GetPoints();
                    var step = Math.Max(1, series.Step * Math.Max(1, series.ValuesPerPoint));
                    var median = WindowMedian(values, (int)Math.Max(1, WindowSeconds / step));
                    if (double.IsNaN(median))
                    {
                        continue;
                    }

                    median = Math.Clamp(median, -Cap, Cap);
                    seriesOf[host] = (values, step);
                    scores.Add(new MemberScore(host, median, BeyondSeconds(values, step, Math.Sign(median))));
                }

                if (scores.Count == 0)
                {
                    continue;
                }

                var ranked = scores.OrderByDescending(static s => Math.Abs(s.Score)).ThenBy(static s => s.Host, StringComparer.Ordinal).ToList();
                groupMetrics.Add(new GroupMetric(metric, target, BandTarget(target), outliersTarget, ranked));
                var listed = new HashSet<string>(StringComparer.Ordinal);
                foreach (var outlier in outliers)
                {
                    if (!byRoot.TryGetValue(outlier.Name, out var host))
                    {
                        continue;
                    }

                    var side = outlier.Tags.TryGetValue("outlier", out var s) ? s : "above";
                    var sign = side == "below" ? -1.0 : 1.0;
                    var severity = outlier.Tags.TryGetValue("outlierScore", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
                        : outlier.Tags.TryGetValue("outlierScore", out var inf) && inf == "inf" ? Cap : 0;
                    severity = Math.Min(Cap, severity);
                    var member = scores.FirstOrDefault(m => m.Host == host);
                    var beyond = seriesOf.TryGetValue(host, out var own) ? BeyondSeconds(own.Values, own.Step, sign) : 0;
                    landmines.Add(new Landmine(host, group.Key, metric, side, severity, member?.Score ?? sign * severity, beyond, MembersTarget([outlier.Name], metric), target, BandTarget(target)));
                    listed.Add(host);
                    if (!hostScores.TryGetValue(host, out var previous) || Math.Abs(previous) < K || severity > Math.Abs(previous))
                    {
                        hostScores[host] = sign * severity;
                    }
                }

                // Hosts not listed keep their most deviating median score, held inside ±k so a tile never says
                // "outlier" when the landmine list (the outliers() verdict) does not list it.
                foreach (var member in scores)
                {
                    if (listed.Contains(member.Host))
                    {
                        continue;
                    }

                    var held = Math.Clamp(member.Score, -(K - 0.01), K - 0.01);
                    if (!hostScores.TryGetValue(member.Host, out var previous) || (Math.Abs(previous) < K && Math.Abs(held) > Math.Abs(previous)))
                    {
                        hostScores[member.Host] = held;
                    }
                }
            }

            groups[group.Key] = groupMetrics;
        }

        var ordered = landmines
            .OrderByDescending(static l => l.Severity)
            .ThenByDescending(static l => l.BeyondSeconds)
            .ThenBy(static l => l.Host, StringComparer.Ordinal)
            .ToList();
        return new LandmineSnapshot(now, _time.GetElapsedTime(started).TotalSeconds, fleet.Count, ordered, groups, hostScores);
    }

    private const int RobustDeviationMinimum = Query.Functions.Fleet.RobustStatistics.MinimumMembers;

    /// <summary>robustScore(web-007) → web-007.</summary>
    private static string Unwrap(string name)
    {
        const string Prefix = "robustScore(";
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(')') ? name[Prefix.Length..^1] : name;
    }
}
