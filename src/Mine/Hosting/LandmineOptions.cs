namespace Mine.Hosting;

/// <summary>The landmine detection's tuning for every group (<c>Mine:Landmines:*</c>), and the groups with their own
/// (<c>Mine:Landmines:Groups:NAME:*</c>). Intervals are written as in the render API: 15min, 6h, 1d.</summary>
public sealed class LandmineOptions
{
    /// <summary>Robust deviations beyond which one metric alone makes a host a landmine.</summary>
    public double K { get; set; } = Fleet.LandmineTuning.DefaultK;

    /// <summary>The recent window a host's current level is the median of.</summary>
    public string Window { get; set; } = "15min";

    /// <summary>How far back a host's own normal is learnt.</summary>
    public string History { get; set; } = "24h";

    /// <summary>Metric ids not judged (cpu, load, memory, if_rx, if_tx, disk_ops, nginx).</summary>
    public List<string> IgnoreMetrics { get; set; } = new();

    /// <summary>How far ahead trend detection looks for a limit.</summary>
    public string Horizon { get; set; } = "24h";

    /// <summary>Group name → the values that group has of its own; the others come from the keys above.</summary>
    public Dictionary<string, LandmineGroupOptions> Groups { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One group's own tuning: each key left out takes the fleet's value.</summary>
public sealed class LandmineGroupOptions
{
    public double? K { get; set; }

    public string? Window { get; set; }

    public string? History { get; set; }

    public List<string>? IgnoreMetrics { get; set; }

    public string? Horizon { get; set; }
}
