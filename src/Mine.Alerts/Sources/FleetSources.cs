using Mine.Fleet;

namespace Mine.Alerts.Sources;

/// <summary>The fleet's own alerts: landmines that appear or clear, hosts that go stale or come back.</summary>
public sealed class FleetSources(FleetRegistry fleet, Func<LandmineSnapshot?> landmines, bool staleHosts = true)
{
    public const string StaleSource = "stale";
    private const string LandminePrefix = "landmines:";
    private const string LevelSource = LandminePrefix + "level";

    /// <summary>Hosts an evaluation saw fresh. Only they, hosts that sent a fresh point since the start, and hosts whose alert is
    /// already firing (kept by the tracker's state) alert when they go stale, so a start does not alert about every host
    /// decommissioned long ago.</summary>
    private readonly HashSet<string> _seenFresh = new(StringComparer.Ordinal);

    /// <summary>Stale hosts that were seen fresh, or whose alert is active already.</summary>
    public IEnumerable<AlertCondition> Stale(long now, Func<string, bool> active)
    {
        if (!staleHosts)
        {
            yield break;
        }

        foreach (var host in fleet.Hosts())
        {
            if (!fleet.Rules.IsStale(host, now))
            {
                _seenFresh.Add(host.Name);
                continue;
            }

            var key = "stale:" + host.Name;
            if (host.FreshSinceStart || _seenFresh.Contains(host.Name) || active(key))
            {
                yield return new AlertCondition(key, StaleSource, AlertKind.Stale, host.Name, host.Group, host.Name, host.LastSeen, 0, null,
                    $"{host.Name} ({host.Group}) sends no data since {DateTimeOffset.FromUnixTimeSeconds(host.LastSeen):yyyy-MM-dd HH:mm:ss}Z");
            }
        }
    }

    /// <summary>The landmines of the last detection (none when they do not alert), and whether a landmine source (one per metric) was judged: a
    /// metric the detection had to leave out, or no detection yet, keeps its alerts as they were.</summary>
    public (List<AlertCondition> Conditions, Func<string, bool> Evaluated) Landmines(long now)
    {
        if (landmines() is not { } snapshot)
        {
            return ([], static _ => false);
        }

        // One level landmine per host, judged on all its metrics together (a combined verdict needs them all): a
        // computation that left any metric out keeps the level alerts as they were. Stale hosts alert from the
        // fleet, not from here.
        var failed = snapshot.Failures.Count > 0 ? new HashSet<string>(StringComparer.Ordinal) { LevelSource } : [];
        var conditions = snapshot.Landmines.Where(static l => l.Kind == LandmineKind.Level).Select(l => new AlertCondition(
            $"landmine:{l.Host}:level", LevelSource, AlertKind.Landmine, l.Host, l.Group, l.Combined ? "combined" : l.Worst?.Metric.Id ?? "level",
            Math.Min(now, snapshot.ComputedAt), 0, null,
            $"{l.Host} is {(l.Side == "below" ? "under-working" : "over-working")} against its group {l.Group} on {string.Join(", ", l.Evidence.Where(e => e.Beyond || l.Combined).Select(static e => e.Metric.Id))}{(l.Combined ? " together" : "")}")).ToList();

        // Trends (a disk filling, memory growing against the group) are landmines too: one source of their own.
        conditions.AddRange(snapshot.Trends.Select(t => new AlertCondition(
            $"landmine:{t.Host}:trend:{t.Metric}:{t.Subject}", LandminePrefix + "trend", AlertKind.Landmine, t.Host, t.Group, $"{t.Metric} {t.Subject}",
            Math.Min(now, snapshot.ComputedAt), 0, t.Level,
            $"{t.Host} {t.Title} ({t.Subject}) is heading for its limit{(t.ExpectedAt is { } at ? $", expected at {DateTimeOffset.FromUnixTimeSeconds(at):yyyy-MM-dd HH:mm}Z" : "")}")));
        return (conditions, source => source.StartsWith(LandminePrefix, StringComparison.Ordinal) && !failed.Contains(source));
    }
}
