using System.Collections.Concurrent;
using System.Text.Json;

namespace Mine.Fleet;

/// <summary>A group of hosts and how many of them are stale now.</summary>
public sealed record GroupSummary(string Name, int Hosts, int Stale);

/// <summary>
/// Hosts appear by themselves: every collectd value list marks its host as seen, and so does every Graphite path by
/// the host-node rule (<see cref="GraphiteHostDiscovery"/>). Kept in memory, snapshotted to <c>fleet.json</c> in the
/// data folder every minute and at shutdown, so first-seen times survive restarts.
/// </summary>
public sealed class FleetRegistry
{
    private readonly ConcurrentDictionary<string, HostRecord> _hosts = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly Func<string, string> _collectdRoot;
    private readonly TimeProvider _time;

    /// <param name="dataDirectory">Where <c>fleet.json</c> lives.</param>
    /// <param name="rules">Grouping, host-node and stale rules (defaults when null).</param>
    /// <param name="collectdRoot">The Graphite path of a collectd host's series (write_graphite's prefix, escaping
    /// and postfix); the host name itself when null.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public FleetRegistry(string dataDirectory, FleetRules? rules = null, Func<string, string>? collectdRoot = null, TimeProvider? time = null)
    {
        Rules = rules ?? new FleetRules();
        Rules.Validate();
        _collectdRoot = collectdRoot ?? (static host => host);
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(dataDirectory);
        DataDirectory = dataDirectory;
        _path = Path.Combine(dataDirectory, "fleet.json");
        Load();
    }

    public FleetRules Rules { get; }

    /// <summary>The data folder: <c>fleet.json</c> and the landmine detection's held normals live there.</summary>
    public string DataDirectory { get; }

    public int Count => _hosts.Count;

    /// <summary>The registry's clock, in Unix seconds.</summary>
    public long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Marks a collectd host (and plugin) as seen at <paramref name="seconds"/>. Cheap when nothing is new.</summary>
    public void Seen(string host, string plugin, long seconds)
    {
        var record = GetOrAdd(host, HostSource.Collectd, null, seconds);
        Observe(record, plugin, seconds);
    }

    /// <summary>The host's record, created (with its group and series root) the first time it is seen.</summary>
    public HostRecord GetOrAdd(string host, HostSource source, string? seriesRoot, long seconds, bool tentative = false)
    {
        if (_hosts.TryGetValue(host, out var existing))
        {
            return existing;
        }

        var first = Math.Min(seconds, Now);
        var record = new HostRecord(host, Rules.Grouping.GroupOf(host), seriesRoot ?? _collectdRoot(host), source, first, tentative);
        return _hosts.GetOrAdd(host, record);
    }

    /// <summary>Forgets a host that turned out not to be one (a tentative Graphite host whose name is a prefix).</summary>
    public bool Remove(HostRecord host) => _hosts.TryRemove(new KeyValuePair<string, HostRecord>(host.Name, host));

    /// <summary>Records a point time (clamped to the clock: a sender's clock ahead of ours does not keep it fresh).</summary>
    public void Observe(HostRecord record, string plugin, long seconds)
    {
        if (seconds > record.LastSeen)
        {
            seconds = Math.Min(seconds, Now);
        }

        record.Observe(seconds);
        if (!record.FreshSinceStart && !IsStale(record))
        {
            record.MarkFreshSinceStart(); // once: the hot path only reads the flag
        }

        record.AddPlugin(plugin);
    }

    public bool IsStale(HostRecord host) => Rules.IsStale(host, Now);

    public IReadOnlyList<HostRecord> Hosts() => _hosts.Values.OrderBy(static h => h.Name, StringComparer.Ordinal).ToList();

    public bool TryGet(string host, out HostRecord? record) => _hosts.TryGetValue(host, out record);

    /// <summary>Every group with its member count and stale count, by name.</summary>
    public IReadOnlyList<GroupSummary> Groups()
    {
        var now = Now;
        return _hosts.Values
            .GroupBy(static h => h.Group, StringComparer.Ordinal)
            .Select(g => new GroupSummary(g.Key, g.Count(), g.Count(h => Rules.IsStale(h, now))))
            .OrderBy(static g => g.Name, StringComparer.Ordinal)
            .ToList();
    }

    public void Save()
    {
        var snapshot = Hosts().Select(static h => new Snapshot(h.Name, h.FirstSeen, h.LastSeen, h.Plugins)
        {
            SeriesRoot = h.SeriesRoot,
            Source = h.Source,
            Interval = h.Interval,
            Confirmed = !h.Tentative,
        }).ToList();
        var temp = _path + ".tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(snapshot));
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves a partial temporary file: remove it, keep the last good fleet.json.
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            foreach (var s in JsonSerializer.Deserialize<List<Snapshot>>(File.ReadAllText(_path)) ?? [])
            {
                // The group is computed again: the rules may have changed since the snapshot.
                // Hosts of snapshots without the field were named by a fixed node 0: tentative for the automatic rule.
                var record = new HostRecord(s.Name, Rules.Grouping.GroupOf(s.Name), s.SeriesRoot ?? _collectdRoot(s.Name), s.Source, s.FirstSeen,
                    tentative: s.Source == HostSource.Graphite && !s.Confirmed);
                record.Restore(s.LastSeen, s.Interval);
                foreach (var plugin in s.Plugins)
                {
                    record.AddPlugin(plugin);
                }

                _hosts[s.Name] = record;
            }
        }
        catch (JsonException)
        {
            // A damaged snapshot only loses first-seen times; hosts re-register as they send.
        }
    }

    private sealed record Snapshot(string Name, long FirstSeen, long LastSeen, IReadOnlyList<string> Plugins)
    {
        public string? SeriesRoot { get; init; }

        public HostSource Source { get; init; }

        public double Interval { get; init; }

        /// <summary>Not <see cref="HostRecord.Tentative"/> (false in snapshots written before the field existed).</summary>
        public bool Confirmed { get; init; }
    }
}
