namespace Mine.Fleet;

/// <summary>
/// How one group is judged (docs/ui.md, "Landmines"; <c>Mine:Landmines:*</c>, a group's own values under
/// <c>Mine:Landmines:Groups:NAME</c>). The defaults work on a fleet nobody tuned.
/// </summary>
public sealed record LandmineTuning
{
    public const double DefaultK = 3;
    public const long DefaultWindowSeconds = 15 * 60;
    public const long DefaultHistorySeconds = 24 * 3600;
    public const long DefaultHorizonSeconds = 24 * 3600;

    /// <summary>Robust deviations beyond which one metric alone makes a host a landmine.</summary>
    public double K { get; init; } = DefaultK;

    /// <summary>The recent window a host's current level is the median of.</summary>
    public long WindowSeconds { get; init; } = DefaultWindowSeconds;

    /// <summary>How far back a host's own normal is learnt (its median ratio to the group before the window).</summary>
    public long HistorySeconds { get; init; } = DefaultHistorySeconds;

    /// <summary>Metric ids (<see cref="LandmineDetector.Metrics"/>) this group is not judged on.</summary>
    public IReadOnlySet<string> IgnoreMetrics { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How far ahead trends look for a limit; reserved for trend detection, which reads it.</summary>
    public long HorizonSeconds { get; init; } = DefaultHorizonSeconds;

    public bool Judges(FleetMetric metric) => !IgnoreMetrics.Contains(metric.Id);

    /// <summary>What is wrong with these values, one line each; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        if (!(K > 0) || double.IsInfinity(K))
        {
            yield return $"K must be more than 0, not {K}";
        }

        if (WindowSeconds < 60)
        {
            yield return $"Window must be at least 1min, not {WindowSeconds} s";
        }

        if (HistorySeconds < 4 * WindowSeconds)
        {
            yield return $"History must be at least four windows ({4 * WindowSeconds} s), not {HistorySeconds} s";
        }

        if (HorizonSeconds < 60)
        {
            yield return $"Horizon must be at least 1min, not {HorizonSeconds} s";
        }

        foreach (var id in IgnoreMetrics.Where(static id => !LandmineDetector.Metrics.Any(m => m.Id == id)))
        {
            yield return $"IgnoreMetrics names '{id}', which is not a metric; use {string.Join(", ", LandmineDetector.Metrics.Select(static m => m.Id))}";
        }
    }
}

/// <summary>The fleet's tuning: one for every group, and the groups that have their own.</summary>
public sealed class LandmineSettings
{
    public LandmineTuning Default { get; init; } = new();

    /// <summary>Group name → its tuning (every value given; the host fills the missing ones from <see cref="Default"/>).</summary>
    public IReadOnlyDictionary<string, LandmineTuning> Groups { get; init; } = new Dictionary<string, LandmineTuning>(StringComparer.Ordinal);

    public LandmineTuning For(string group) => Groups.TryGetValue(group, out var own) ? own : Default;

    /// <summary>The longest history any group asks for: one read of it serves every group.</summary>
    public long LongestHistorySeconds => Groups.Values.Append(Default).Max(static t => t.HistorySeconds);
}
