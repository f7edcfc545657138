namespace Mine.Fleet;

public sealed partial class LandmineDetector
{
    private (long At, int Hosts, IReadOnlyList<TrendFinding> Findings)? _lastTrends;

    /// <summary>Finds the trend landmines; the host may give one with its own options (the horizon).</summary>
    public TrendDetector TrendDetector { get; init; } = new();

    /// <summary>Seconds a trend computation is kept: trends move over hours and read hours of data, so by default they
    /// are computed every tenth time the levels are (5 min), and again when the fleet gains or loses hosts.</summary>
    public int TrendRefreshSeconds => TrendDetector.Options.RefreshSeconds ?? (RefreshSeconds * 10);

    /// <summary>The trends of the fresh hosts: the last ones while young enough, else computed (under the caller's
    /// gate). A computation that left a source out is not kept, so the failure shows until one succeeds.</summary>
    private (IReadOnlyList<TrendFinding> Findings, bool Computed) Trends(List<HostRecord> fresh, long now, List<LandmineFailure> failures, CancellationToken cancellationToken)
    {
        if (_lastTrends is { } last && now - last.At < TrendRefreshSeconds && last.Hosts == fresh.Count)
        {
            return (last.Findings, false);
        }

        var (findings, failed) = TrendDetector.Detect(fresh, source, now, cancellationToken);
        failures.AddRange(failed);
        _lastTrends = failed.Count == 0 ? (now, fresh.Count, findings) : null;
        return (findings, true);
    }

    /// <summary>A host whose only finding is a trend has the trend verdict, so that its tile says so as the Landmines
    /// page lists it; a level or stale verdict says more about the host now and is kept.</summary>
    private static void WithTrendVerdicts(Dictionary<string, HostVerdict> verdicts, IReadOnlyList<TrendFinding> trends)
    {
        foreach (var trend in trends)
        {
            if (!verdicts.TryGetValue(trend.Host, out var verdict) || verdict.Kind == LandmineKind.Ok)
            {
                verdicts[trend.Host] = new HostVerdict(LandmineKind.Trend, null, verdict?.Score ?? double.NaN);
            }
        }
    }
}
