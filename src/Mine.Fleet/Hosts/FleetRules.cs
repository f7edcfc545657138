namespace Mine.Fleet;

/// <summary>
/// The fleet's rules: which node of a Graphite path names the host, how hosts are grouped, and when a host is stale.
/// </summary>
public sealed class FleetRules
{
    /// <summary>Index of the path node that names the host (0: <c>web-017.cpu-0.cpu-user</c>, as write_graphite
    /// names series; 1: <c>servers.web-017.…</c>). Negative: Graphite paths never create hosts. Null (the default):
    /// learnt per namespace from the paths (<see cref="GraphiteHostDiscovery"/>).</summary>
    public int? GraphiteHostNode { get; init; }

    /// <summary>Only paths starting with this text create hosts (for example <c>servers.</c>); empty: every path.</summary>
    public string GraphitePrefix { get; init; } = "";

    public HostGrouping Grouping { get; init; } = HostGrouping.Default;

    /// <summary>Expected sending interval when a host's own is not known yet (collectd's default: 10 s).</summary>
    public double IntervalSeconds { get; init; } = 10;

    /// <summary>A host is stale after this many intervals without data.</summary>
    public int StaleIntervals { get; init; } = 3;

    /// <summary>Seconds without data after which <paramref name="host"/> is stale: StaleIntervals × the larger of
    /// its observed interval and IntervalSeconds (a host sending every minute is not stale after 30 s).</summary>
    public double StaleAfter(HostRecord host) => StaleIntervals * Math.Max(IntervalSeconds, host.Interval);

    public bool IsStale(HostRecord host, long now) => now - host.LastSeen > StaleAfter(host);

    public void Validate()
    {
        if (IntervalSeconds <= 0)
        {
            throw new FormatException($"Fleet:IntervalSeconds must be positive, not {IntervalSeconds}.");
        }

        if (StaleIntervals < 1)
        {
            throw new FormatException($"Fleet:StaleIntervals must be at least 1, not {StaleIntervals}.");
        }
    }
}
