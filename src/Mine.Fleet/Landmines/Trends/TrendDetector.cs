using Mine.Query.Evaluation;
using Mine.Query.Functions.Fleet;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// Trend landmines (docs/ui.md, "Trends"; decision 0030): series heading for a known limit. Every used series of
/// <see cref="TrendSource.All"/> is averaged into buckets over the window and fitted with a Theil–Sen line
/// (<see cref="TheilSen"/>). A disk whose line rises steadily (Kendall tau ≥ <see cref="TrendOptions.MinTau"/>) and
/// reaches its limit within the horizon is a finding. Memory is a finding when its relative growth (slope / level) is
/// steady and at least <see cref="TrendOptions.K"/> robust deviations above its group's (a shared daily cycle
/// moves every member alike and cancels out); its expected time is given when within the horizon.
/// </summary>
public sealed class TrendDetector(TrendOptions? options = null)
{
    private readonly TrendOptions _options = Validated(options ?? TrendOptions.Default);

    public TrendOptions Options => _options;

    /// <summary>The findings among <paramref name="hosts"/> as of <paramref name="now"/>, soonest limit first, and the
    /// sources that could not be read.</summary>
    public (List<TrendFinding> Findings, List<LandmineFailure> Failures) Detect(IReadOnlyList<HostRecord> hosts, ISeriesSource source, long now, CancellationToken cancellationToken = default)
    {
        var bucket = _options.BucketSeconds;
        var first = now - _options.WindowSeconds - ((now - _options.WindowSeconds) % bucket);
        var context = new EvaluationContext
        {
            StartSeconds = first,
            EndSeconds = now,
            NowSeconds = now,
            Source = source,
            Limits = new QueryLimits { MaxSeries = 500_000, MaxPoints = 200_000_000, MaxDuration = TimeSpan.FromSeconds(120) },
            CancellationToken = cancellationToken,
        };
        var buckets = (int)((now - first + bucket - 1) / bucket);
        var reader = new TrendSeriesReader(hosts);
        var fits = new List<Fitted>();
        var failures = new List<LandmineFailure>();
        var seen = new HashSet<(HostRecord, TrendKind, string)>();
        foreach (var trendSource in TrendSource.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Dictionary<HostRecord, Dictionary<string, TimeSeries>> byHost;
            try
            {
                byHost = reader.Read(trendSource.Metric.Pattern, context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                failures.Add(new LandmineFailure(trendSource.Metric, null, ex));
                continue;
            }

            foreach (var (host, named) in byHost)
            {
                foreach (var (subject, used, limitParts) in trendSource.Subjects(named))
                {
                    if (seen.Add((host, trendSource.Kind, subject)) && Fit(host, trendSource, subject, used, limitParts, first, buckets) is { } fitted)
                    {
                        fits.Add(fitted);
                    }
                }
            }
        }

        var findings = new List<TrendFinding>();
        findings.AddRange(fits.Where(static f => f.Source.Kind == TrendKind.Disk).Select(f => DiskFinding(f, now)).OfType<TrendFinding>());
        foreach (var group in fits.Where(static f => f.Source.Kind == TrendKind.Memory).GroupBy(static f => f.Host.Group, StringComparer.Ordinal))
        {
            findings.AddRange(MemoryFindings([.. group], now));
        }

        findings.Sort(static (a, b) => (a.ExpectedAt ?? long.MaxValue).CompareTo(b.ExpectedAt ?? long.MaxValue) is var c and not 0 ? c
            : (b.GroupScore ?? 0).CompareTo(a.GroupScore ?? 0) is var d and not 0 ? d
            : string.CompareOrdinal(a.Host + "\0" + a.Subject, b.Host + "\0" + b.Subject));
        return (findings, failures);
    }

    /// <summary>One subject's line and limit; null when too few buckets have a value or the limit is unknown.</summary>
    private Fitted? Fit(HostRecord host, TrendSource trendSource, string subject, TimeSeries used, List<TimeSeries> limitParts, long first, int buckets)
    {
        var bucket = _options.BucketSeconds;
        var usedBuckets = Buckets(used, first, bucket, buckets);
        // A disk is a finding only with tau at least MinTau, so its slope's median is not needed below that; memory
        // needs every member's slope, for the group's spread of growths.
        var minTau = trendSource.Kind == TrendKind.Disk ? _options.MinTau : double.NegativeInfinity;
        var fit = TheilSen.Fit(usedBuckets, first + (bucket / 2.0), bucket, minTau);
        if (fit is not { } line || line.Points < Math.Max(6, buckets / 2))
        {
            return null;
        }

        var limit = trendSource.ConstantLimit;
        if (double.IsNaN(limit))
        {
            var sums = new double[buckets];
            foreach (var part in limitParts)
            {
                var values = Buckets(part, first, bucket, buckets);
                for (var b = 0; b < buckets; b++)
                {
                    sums[b] += values[b];
                }
            }

            // The newest complete sum: a resized disk or added memory counts from when it changed.
            limit = Array.FindLast(sums, static v => !double.IsNaN(v));
            if (!(limit > 0))
            {
                return null;
            }
        }

        return new Fitted(host, trendSource, subject, line, limit);
    }

    private TrendFinding? DiskFinding(Fitted fitted, long now)
    {
        var line = fitted.Line;
        return line.Slope > 0 && line.Tau >= _options.MinTau && ExpectedAt(fitted, now) is { } expected
            ? Finding(fitted, now, expected, null)
            : null;
    }

    /// <summary>
    /// Steady relative growth far above the group's. The spread of the group's growths is their scaled MAD, at least
    /// <see cref="TrendOptions.MinRelativeSpreadPerHour"/>; fewer than three members have no group to be unusual in.
    /// </summary>
    private IEnumerable<TrendFinding> MemoryFindings(List<Fitted> members, long now)
    {
        var relative = members.Select(m => Relative(m, now)).ToArray();
        var present = relative.Where(double.IsFinite).ToArray();
        if (present.Length < RobustStatistics.MinimumMembers)
        {
            yield break;
        }

        var spread = RobustStatistics.Spread(present);
        var scale = Math.Max(spread.Scale, _options.MinRelativeSpreadPerHour);
        for (var m = 0; m < members.Count; m++)
        {
            var score = (relative[m] - spread.Median) / scale;
            if (members[m].Line.Slope > 0 && members[m].Line.Tau >= _options.MinTau && score >= _options.K)
            {
                yield return Finding(members[m], now, ExpectedAt(members[m], now), score);
            }
        }
    }

    /// <summary>Growth per hour relative to the fitted level now; NaN when the level is not positive.</summary>
    private static double Relative(Fitted fitted, long now) =>
        fitted.Line.ValueAt(now) is var level && level > 0 ? fitted.Line.Slope * 3600 / level : double.NaN;

    /// <summary>When the line reaches the limit, if within the horizon (now when it is past it already).</summary>
    private long? ExpectedAt(Fitted fitted, long now) =>
        fitted.Line.WhenReaches(fitted.Limit) is { } reached && reached <= now + _options.HorizonSeconds ? (long)Math.Max(now, Math.Round(reached)) : null;

    private TrendFinding Finding(Fitted fitted, long now, long? expectedAt, double? groupScore)
    {
        var (host, line) = (fitted.Host, fitted.Line);
        var root = LandmineTargets.LinkRoot(host.SeriesRoot);
        var usedTarget = $"{root}.{fitted.Subject}.{fitted.Source.PartPrefix}used";
        var limitTarget = fitted.Source.LimitTarget(root, fitted.Subject);
        var bucket = TrendEvidence.Interval(_options.BucketSeconds);
        var limitArgument = double.IsNaN(fitted.Source.ConstantLimit) ? $"summarize({limitTarget},\"{bucket}\",\"avg\")" : limitTarget;
        var level = line.ValueAt(now);
        var finding = new TrendFinding(host.Name, host.Group, fitted.Source.Metric.Id, fitted.Source.Metric.Title, fitted.Subject, fitted.Limit, level,
            line.Slope * 3600, expectedAt, Math.Round(line.Tau, 3), (long)line.FirstX, _options.WindowSeconds)
        {
            Unit = fitted.Source.Unit,
            GroupScore = groupScore is { } score ? Math.Round(Math.Min(score, RobustStatistics.ScoreCap), 2) : null,
            UsedTarget = usedTarget,
            LimitTarget = limitTarget,
            TimeToLimitTarget = $"timeToLimit(summarize({usedTarget},\"{bucket}\",\"avg\"),{limitArgument},\"{TrendEvidence.Interval(_options.WindowSeconds)}\")",
        };
        return finding with { Evidence = TrendEvidence.Describe(finding, now) };
    }

    /// <summary>Each bucket's average of the present values in it (NaN when none).</summary>
    internal static double[] Buckets(TimeSeries series, long first, long bucket, int buckets)
    {
        var (sums, counts) = (new double[buckets], new int[buckets]);
        var values = series.Values;
        for (var i = 0; i < values.Length; i++)
        {
            var at = series.Start + (i * series.Step) - first;
            if (at < 0 || double.IsNaN(values[i]) || at / bucket >= buckets)
            {
                continue;
            }

            sums[at / bucket] += values[i];
            counts[at / bucket]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            sums[b] = counts[b] == 0 ? double.NaN : sums[b] / counts[b];
        }

        return sums;
    }

    private static TrendOptions Validated(TrendOptions options)
    {
        options.Validate();
        return options;
    }

    /// <summary>A subject's line over the window and its limit now.</summary>
    private sealed record Fitted(HostRecord Host, TrendSource Source, string Subject, TrendFit Line, double Limit);
}
