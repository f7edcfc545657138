namespace Mine.Alerts;

/// <summary>What an alert is about. Its text (<see cref="AlertKinds.Name"/>) is what the API, webhook bodies, event
/// tags and silences use.</summary>
public enum AlertKind
{
    /// <summary>A host found out of line with its group (Mine.Fleet's landmine detection).</summary>
    Landmine,

    /// <summary>A host that stopped sending (Mine.Fleet's stale rule).</summary>
    Stale,

    /// <summary>A user's threshold rule over a render target (the rules file).</summary>
    Rule,
}

/// <summary>Whether an alert is on or over.</summary>
public enum AlertState
{
    Firing,
    Resolved,
}

public static class AlertKinds
{
    public static string Name(this AlertKind kind) => kind switch
    {
        AlertKind.Landmine => "landmine",
        AlertKind.Stale => "stale",
        _ => "rule",
    };

    public static string Name(this AlertState state) => state == AlertState.Firing ? "firing" : "resolved";

    /// <summary>The kind named <paramref name="text"/> (any case), or null.</summary>
    public static AlertKind? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "LANDMINE" => AlertKind.Landmine,
        "STALE" => AlertKind.Stale,
        "RULE" => AlertKind.Rule,
        _ => null,
    };
}
