using Mine.Query.Evaluation;
using Mine.Query.Functions;
using Mine.Query.Functions.Combine;
using Mine.Query.Functions.Fleet;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>One host's own normal on one metric: the median of its log-ratio to the group's median over its history
/// (before the recent window), and over how many buckets it was learnt.</summary>
internal readonly record struct HostNormal(double LogRatio, int Buckets);

/// <summary>A metric's normals for every host that had enough history, and each group's ε (1 % of the group's
/// typical level, so that a host at 0 is far below its peers without log(0)). Complete when every host read had enough
/// history for a normal.</summary>
internal sealed record MetricBaseline(long ComputedAt, IReadOnlyDictionary<string, HostNormal> Normals, IReadOnlyDictionary<string, double> Epsilons, bool Complete = true);

/// <summary>
/// Each host's own normal per metric (decision 0029). Learnt from a read of the longest history any group asks for,
/// consolidated to <see cref="BucketSeconds"/> buckets in memory, and kept for <see cref="RefreshSeconds"/>: a normal
/// over a day hardly moves in an hour, so the detection's 30-second runs read only the last hour. At most one metric's
/// history is read again per run (all of them on the first run), which spreads the cost of the long reads.
/// </summary>
internal sealed class HostBaselines
{
    public const long BucketSeconds = 300;
    public const long RefreshSeconds = 3600;

    /// <summary>Buckets (of 5 minutes) a normal needs: two hours; a host seen for less is judged against its group.</summary>
    public const int MinimumBuckets = 24;

    /// <summary>A baseline that left hosts without a normal (new hosts, or history still being written when Mine
    /// started) is learnt again after this, not after <see cref="RefreshSeconds"/>.</summary>
    public const long IncompleteRetrySeconds = 600;

    private readonly Dictionary<string, MetricBaseline> _baselines = new(StringComparer.Ordinal);

    public MetricBaseline? Of(FleetMetric metric) => _baselines.GetValueOrDefault(metric.Id);

    /// <summary>Every normal known of <paramref name="host"/>, by metric id (log-ratio to its group's median).</summary>
    public IReadOnlyDictionary<string, double> NormalsOf(string host)
    {
        var normals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (metric, baseline) in _baselines)
        {
            if (baseline.Normals.TryGetValue(host, out var normal))
            {
                normals[metric] = normal.LogRatio;
            }
        }

        return normals;
    }

    /// <summary>The metrics whose history this run reads: every one never learnt, else the oldest one past its age
    /// (<see cref="IncompleteRetrySeconds"/> for a baseline that left hosts without a normal).</summary>
    public IReadOnlyList<FleetMetric> Due(IEnumerable<FleetMetric> metrics, long now)
    {
        var all = metrics.ToList();
        var missing = all.Where(m => !_baselines.ContainsKey(m.Id)).ToList();
        if (missing.Count > 0)
        {
            return missing;
        }

        // Oldest first; an incomplete baseline is due after IncompleteRetrySeconds, a complete one after RefreshSeconds.
        var due = all.Where(m => now - _baselines[m.Id].ComputedAt >= (_baselines[m.Id].Complete ? RefreshSeconds : IncompleteRetrySeconds))
            .MinBy(m => _baselines[m.Id].ComputedAt);
        return due is null ? [] : [due];
    }

    /// <summary>Reads <paramref name="metric"/>'s history and learns every host's normal; a host whose normal is
    /// <paramref name="held"/> (a listed landmine) keeps that one.</summary>
    public void Learn(FleetMetric metric, FleetSeriesReader reader, EvaluationContext recent, LandmineSettings settings, HeldNormals held, long now)
    {
        var history = settings.LongestHistorySeconds;
        var context = new EvaluationContext
        {
            StartSeconds = now - history,
            EndSeconds = now,
            NowSeconds = now,
            Source = recent.Source,
            Limits = recent.Limits,
            CancellationToken = recent.CancellationToken,
        };
        var normals = new Dictionary<string, HostNormal>(StringComparer.Ordinal);
        var epsilons = new Dictionary<string, double>(StringComparer.Ordinal);
        var first = (now - history) / BucketSeconds;
        var count = (int)((now / BucketSeconds) - first + 1);
        var hosts = 0;
        foreach (var group in reader.Read(metric, context).GroupBy(static s => s.Host.Group, StringComparer.Ordinal))
        {
            var tuning = settings.For(group.Key);
            var members = group.DistinctBy(static s => s.Host.SeriesRoot, StringComparer.Ordinal).ToList();
            var buckets = members.Select(m => Buckets(m.Sum, first, count)).ToList();
            var from = (int)Math.Max(0, ((now - tuning.HistorySeconds) / BucketSeconds) - first);
            var to = (int)Math.Max(0, ((now - tuning.WindowSeconds) / BucketSeconds) - first); // exclusive: the window is "now", not normal
            Learn(metric.Id, group.Key, members.Select(static m => m.Host).ToList(), buckets, (first, from, to), held, normals, epsilons);
            hosts += members.Count;
        }

        _baselines[metric.Id] = new MetricBaseline(now, normals, epsilons, normals.Count >= hosts);
    }

    /// <summary>Learns one group's normals of <paramref name="metric"/> from buckets [from, to) (bucket b starts at
    /// (first + b) × 5 min), leaving out the times each host was listed; a held normal is kept as it is.</summary>
    private static void Learn(string metric, string group, List<HostRecord> hosts, List<double[]> buckets, (long First, int From, int To) range, HeldNormals held, Dictionary<string, HostNormal> normals, Dictionary<string, double> epsilons)
    {
        var (first, from, to) = range;
        var medians = new double[to - from];
        var row = new double[hosts.Count];
        for (var b = from; b < to; b++)
        {
            for (var h = 0; h < hosts.Count; h++)
            {
                row[h] = buckets[h][b];
            }

            medians[b - from] = RobustStatistics.Spread(row).Median;
        }

        var epsilon = Epsilon(medians);
        epsilons[group] = epsilon;
        var ratios = new List<double>(medians.Length);
        for (var h = 0; h < hosts.Count; h++)
        {
            if (held.TryGet(hosts[h].Name, metric, out var heldNormal))
            {
                normals[hosts[h].Name] = new HostNormal(heldNormal, 0);
                continue;
            }

            ratios.Clear();
            for (var b = from; b < to; b++)
            {
                var bucketStart = (first + b) * BucketSeconds;
                if (held.WasListed(hosts[h].Name, bucketStart, bucketStart + BucketSeconds))
                {
                    continue; // off as a landmine then: not what it is normally
                }

                var ratio = RobustStatistics.LogRatio(buckets[h][b], medians[b - from], epsilon);
                if (!double.IsNaN(ratio))
                {
                    ratios.Add(ratio);
                }
            }

            if (ratios.Count >= MinimumBuckets)
            {
                normals[hosts[h].Name] = new HostNormal(AggregationFunctions.SafeMedian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ratios)), ratios.Count);
            }
        }
    }

    /// <summary>1 % of the group's typical level (the median of its medians), at least 1e-9.</summary>
    public static double Epsilon(ReadOnlySpan<double> medians) => Math.Max(1e-9, 0.01 * Math.Abs(NaNToZero(AggregationFunctions.SafeMedian(medians))));

    private static double NaNToZero(double value) => double.IsNaN(value) ? 0 : value;

    /// <summary>The average of each epoch-aligned bucket of <paramref name="series"/>, NaN where it has no point.</summary>
    private static double[] Buckets(TimeSeries series, long firstBucket, int count)
    {
        var sums = new double[count];
        var counts = new int[count];
        var values = series.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            var bucket = ((series.Start + (i * series.Step)) / BucketSeconds) - firstBucket;
            if (bucket >= 0 && bucket < count)
            {
                sums[bucket] += values[i];
                counts[bucket]++;
            }
        }

        for (var b = 0; b < count; b++)
        {
            sums[b] = counts[b] == 0 ? double.NaN : sums[b] / counts[b];
        }

        return sums;
    }
}
