using System.Collections.Concurrent;
using System.Text.Json;

namespace Mine.Fleet;

/// <summary>What Mine knows about one host: when it first and last sent data, and which plugins it sends.</summary>
public sealed class HostRecord(string name, long firstSeen)
{
    private readonly ConcurrentDictionary<string, byte> _plugins = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public long FirstSeen { get; } = firstSeen;

    public long LastSeen;

    public IReadOnlyList<string> Plugins => _plugins.Keys.Order(StringComparer.Ordinal).ToList();

    public bool AddPlugin(string plugin) => _plugins.TryAdd(plugin, 0);
}

/// <summary>
/// Hosts appear by themselves: every collectd value list (and, later, Graphite paths by a host-node rule) marks its
/// host as seen. Kept in memory, snapshotted to <c>fleet.json</c> in the data folder every minute and at shutdown,
/// so first-seen times survive restarts.
/// </summary>
public sealed class FleetRegistry
{
    private readonly ConcurrentDictionary<string, HostRecord> _hosts = new(StringComparer.Ordinal);
    private readonly string _path;

    public FleetRegistry(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "fleet.json");
        Load();
    }

    public int Count => _hosts.Count;

    /// <summary>Marks a host (and plugin) as seen at <paramref name="seconds"/>. Cheap when nothing is new.</summary>
    public void Seen(string host, string plugin, long seconds)
    {
        var record = _hosts.GetOrAdd(host, static (name, t) => new HostRecord(name, t), seconds);
        if (seconds > Volatile.Read(ref record.LastSeen))
        {
            Volatile.Write(ref record.LastSeen, seconds);
        }

        if (plugin.Length > 0)
        {
            record.AddPlugin(plugin);
        }
    }

    public IReadOnlyList<HostRecord> Hosts() => _hosts.Values.OrderBy(static h => h.Name, StringComparer.Ordinal).ToList();

    public bool TryGet(string host, out HostRecord? record) => _hosts.TryGetValue(host, out record);

    public void Save()
    {
        var snapshot = Hosts().Select(static h => new Snapshot(h.Name, h.FirstSeen, Volatile.Read(ref h.LastSeen), h.Plugins)).ToList();
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(snapshot));
        File.Move(temp, _path, overwrite: true);
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
                var record = new HostRecord(s.Name, s.FirstSeen) { LastSeen = s.LastSeen };
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

    private sealed record Snapshot(string Name, long FirstSeen, long LastSeen, IReadOnlyList<string> Plugins);
}
