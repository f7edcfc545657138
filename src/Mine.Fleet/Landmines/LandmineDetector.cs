using Microsoft.Extensions.Logging;
using Mine.Query.Evaluation;
using Mine.Query.Functions.Fleet;

namespace Mine.Fleet;

/// <summary>
/// The fleet's landmines (docs/ui.md, "Landmines"): for every group and every metric of <see cref="Metrics"/> that at
/// least three fresh members send, each member's series summed (<see cref="FleetSeriesReader"/>) and scored against
/// the others with <see cref="RobustStatistics"/>, the code behind the render functions <c>robustScore()</c> and
/// <c>outliers(X, k, window)</c>. Results are kept and recomputed at most every <see cref="RefreshSeconds"/> (30 s by
/// default) (a background service asks; the API reads the last one). A metric that cannot be read or scored is left
/// out of that computation, logged once per computation and listed in <see cref="LandmineSnapshot.Failures"/>.
/// </summary>
public sealed partial class LandmineDetector(FleetRegistry fleet, ISeriesSource source, int refreshSeconds = LandmineDetector.DefaultRefreshSeconds, TimeProvider? time = null, ILogger<LandmineDetector>? logger = null, LandmineSettings? settings = null)
{
    public const double K = 3;
    public const string Window = "15min";
    public const long WindowSeconds = 15 * 60;
    public const long RangeSeconds = 3600;
    public const int DefaultRefreshSeconds = 30;

    /// <summary>outliers(X, 3, "15min") with its other parameters at their defaults.</summary>
    public static readonly OutlierRule Rule = new(K, WindowSeconds);

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
    private readonly HostBaselines _baselines = new();
    private readonly HeldNormals _held = new(fleet.DataDirectory);
    private readonly Lock _gate = new();
    private volatile LandmineSnapshot? _current;
    private long _failures;
    private long _computations;

    /// <summary>How each group is judged.</summary>
    public LandmineSettings Settings { get; } = settings ?? new LandmineSettings();

    /// <summary>Seconds a computation is served before the next.</summary>
    public int RefreshSeconds { get; } = Math.Max(1, refreshSeconds);

    /// <summary>The last computation, null before the first.</summary>
    public LandmineSnapshot? Current => _current;

    /// <summary>Metrics left out of computations because reading or scoring them failed, since the start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Computations finished since the start.</summary>
    public long Computations => Interlocked.Read(ref _computations);

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
            Interlocked.Increment(ref _computations);
            return computed;
        }
    }

    /// <summary>Young enough, and (past 2 s) computed over as many hosts as the fleet has now: a new host (a fleet
    /// that is just arriving after a start) is not left out for a whole refresh interval.</summary>
    private bool IsFresh(LandmineSnapshot snapshot, long now, int maxAgeSeconds) =>
        now - snapshot.ComputedAt < maxAgeSeconds && (now - snapshot.ComputedAt < 2 || snapshot.FleetHosts == fleet.Count);

    private LandmineSnapshot Compute(long now, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var hosts = fleet.Hosts();
        var fresh = hosts.Where(h => !fleet.Rules.IsStale(h, now)).ToList();
        var verdicts = new VerdictBuilder(Settings, now);
        var groups = fresh.Select(static h => h.Group).Distinct(StringComparer.Ordinal).ToDictionary(static g => g, static _ => new List<GroupMetric>(), StringComparer.Ordinal);
        var failures = new List<LandmineFailure>();
        var reader = new FleetSeriesReader(fresh);
        var context = new EvaluationContext
        {
            StartSeconds = now - Math.Max(RangeSeconds, 2 * Settings.Groups.Values.Append(Settings.Default).Max(static t => t.WindowSeconds)),
            EndSeconds = now,
            NowSeconds = now,
            Source = source,
            Limits = new QueryLimits { MaxSeries = 200_000, MaxPoints = 100_000_000, MaxDuration = TimeSpan.FromSeconds(60) },
            CancellationToken = cancellationToken,
        };

        var due = _baselines.Due(Metrics, now);
        foreach (var metric in Metrics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<(HostRecord Host, Query.Series.TimeSeries Sum)> sums;
            try
            {
                if (due.Contains(metric))
                {
                    _baselines.Learn(metric, reader, context, Settings, _held, now);
                }

                sums = reader.Read(metric, context);
            }
            catch (Exception ex) when (IsFailure(ex, cancellationToken))
            {
                failures.Add(new LandmineFailure(metric, null, ex));
                continue;
            }

            var baseline = _baselines.Of(metric);
            foreach (var members in sums.GroupBy(static s => s.Host.Group, StringComparer.Ordinal))
            {
                var tuning = Settings.For(members.Key);
                if (!tuning.Judges(metric))
                {
                    continue;
                }

                try
                {
                    if (Score(metric, members.Key, members, tuning, baseline) is { } scored)
                    {
                        groups[members.Key].Add(scored.Metric);
                        verdicts.Add(scored);
                    }
                }
                catch (Exception ex) when (IsFailure(ex, cancellationToken))
                {
                    failures.Add(new LandmineFailure(metric, members.Key, ex));
                }
            }
        }

        var trendCpuBefore = Environment.CpuUsage.TotalTime;
        var (trends, trendsComputed) = Trends(fresh, now, failures, cancellationToken); // trend landmines: LandmineDetector.Trends.cs
        var trendCpu = trendsComputed ? (Environment.CpuUsage.TotalTime - trendCpuBefore).TotalSeconds : 0;
        Report(failures);
        var (landmines, hostVerdicts, scores) = verdicts.Build(hosts.Where(h => fleet.Rules.IsStale(h, now)));
        _held.Update(landmines.Where(static l => l.Kind == LandmineKind.Level).Select(static l => (l.Host, l.Since)), _baselines.NormalsOf, now, Settings.LongestHistorySeconds);
        WithTrendVerdicts(hostVerdicts, trends);
        return new LandmineSnapshot(now, _time.GetElapsedTime(started).TotalSeconds, hosts.Count, landmines, groups.ToDictionary(static g => g.Key, static g => (IReadOnlyList<GroupMetric>)g.Value, StringComparer.Ordinal), scores)
        {
            Failures = failures,
            Trends = trends,
            Verdicts = hostVerdicts,
            FalseAlarmRate = FalseAlarmRate,
            CpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds,
            TrendCpuSeconds = trendCpu,
            TrendsComputed = trendsComputed,
        };
    }

    /// <summary>Anything but the caller giving up (and running out of memory) is this computation's failure to report.</summary>
    private static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>One log line per computation, whatever the number of failures: the snapshot lists them all.</summary>
    private void Report(List<LandmineFailure> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _failures, failures.Count);
        if (logger is not null)
        {
            LogFailures(logger, failures[0].Error, failures.Count, failures[0].Describe());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Landmine detection left out {Count} metric(s) it could not read or score, until the next computation; first: {First}")]
    private static partial void LogFailures(ILogger logger, Exception error, int count, string first);
}
