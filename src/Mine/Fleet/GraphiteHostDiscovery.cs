using System.Text;
using Mine.Core.Series;

namespace Mine.Fleet;

/// <summary>
/// Finds hosts in Graphite paths by the host-node rule: node <see cref="FleetRules.GraphiteHostNode"/> names the host,
/// the path up to it is the host's series root, and the next node, up to its first '-', is the plugin (write_graphite
/// joins plugin and instance with '-': <c>cpu-0</c> → <c>cpu</c>). A path needs at least one node after the host.
/// Runs on the ingest writer thread for every batch from a Graphite listener; the steady state compares a few bytes
/// per point with the previous point and does one hash lookup when the host or plugin changes, without allocating.
/// </summary>
public sealed class GraphiteHostDiscovery
{
    private const int MaxCachedKeys = 1 << 20;

    private readonly FleetRegistry _fleet;
    private readonly int _hostNode;
    private readonly byte[] _prefix;
    private readonly Dictionary<byte[], Entry> _cache = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _cacheBySpan;
    private readonly Lock _lock = new();

    public GraphiteHostDiscovery(FleetRegistry fleet)
    {
        _fleet = fleet;
        _hostNode = fleet.Rules.GraphiteHostNode;
        _prefix = Encoding.UTF8.GetBytes(fleet.Rules.GraphitePrefix);
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public bool Enabled => _hostNode >= 0;

    /// <summary>Marks the hosts of every point in the batch as seen.</summary>
    public void Observe(PointBatch batch)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_lock)
        {
            Entry? last = null;
            var lastKeyLength = 0;
            ReadOnlySpan<byte> lastName = default;
            for (var i = 0; i < batch.Count; i++)
            {
                var name = batch.Name(i);
                Entry? entry;
                if (last is not null && name.Length >= lastKeyLength && name[..lastKeyLength].SequenceEqual(lastName[..lastKeyLength])
                    && (name.Length == lastKeyLength || name[lastKeyLength] is (byte)'.' or (byte)';'))
                {
                    entry = last;
                }
                else
                {
                    var keyLength = KeyLength(name, out var rootLength);
                    if (keyLength < 0)
                    {
                        continue;
                    }

                    entry = Lookup(name[..keyLength], rootLength, batch.Timestamp(i));
                    lastKeyLength = keyLength;
                }

                last = entry;
                lastName = name;
                var time = batch.Timestamp(i);
                if (time > entry.LastTime)
                {
                    entry.LastTime = time;
                    _fleet.Observe(entry.Record, entry.Plugin, time);
                }
            }
        }
    }

    /// <summary>Length of "root.plugin-node" in <paramref name="name"/>, or -1 when the path names no host.</summary>
    internal int KeyLength(ReadOnlySpan<byte> name, out int rootLength)
    {
        rootLength = -1;
        if (!name.StartsWith(_prefix))
        {
            return -1;
        }

        var semicolon = name.IndexOf((byte)';');
        if (semicolon >= 0)
        {
            name = name[..semicolon];
        }

        // Skip to the end of the host node.
        var position = 0;
        for (var node = 0; node <= _hostNode; node++)
        {
            var dot = name[position..].IndexOf((byte)'.');
            if (dot <= 0)
            {
                return -1; // no node after the host, or an empty node
            }

            position += dot + 1;
        }

        rootLength = position - 1;
        var next = name[position..].IndexOf((byte)'.');
        var pluginEnd = next < 0 ? name.Length : position + next;
        return pluginEnd > position ? pluginEnd : -1;
    }

    private Entry Lookup(ReadOnlySpan<byte> key, int rootLength, long time)
    {
        if (_cacheBySpan.TryGetValue(key, out var entry))
        {
            return entry;
        }

        if (_cache.Count >= MaxCachedKeys)
        {
            _cache.Clear();
        }

        var root = Encoding.UTF8.GetString(key[..rootLength]);
        var hostStart = root.LastIndexOf('.') + 1;
        var pluginNode = key[(rootLength + 1)..];
        var dash = pluginNode.IndexOf((byte)'-');
        var plugin = Encoding.UTF8.GetString(dash > 0 ? pluginNode[..dash] : pluginNode);
        var record = _fleet.GetOrAdd(root[hostStart..], HostSource.Graphite, root, time);
        entry = new Entry(record, plugin);
        _cacheBySpan[key] = entry;
        return entry;
    }

    private sealed class Entry(HostRecord record, string plugin)
    {
        public HostRecord Record { get; } = record;

        public string Plugin { get; } = plugin;

        public long LastTime { get; set; } = long.MinValue;
    }
}
