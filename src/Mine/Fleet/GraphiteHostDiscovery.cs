using System.Text;
using Mine.Core.Series;
using Mine.Core.Text;

namespace Mine.Fleet;

/// <summary>
/// Finds hosts in Graphite paths by the host-node rule: node <see cref="FleetRules.GraphiteHostNode"/> names the host
/// and the path up to it is the host's series root; a path needs at least one node after the host. Runs on the ingest
/// writer thread for every batch from a Graphite listener, so the steady state is cheap: per point a comparison with
/// the previous point's root and time, and a hash lookup only when the host changes; no allocation once a host is
/// known. (A Graphite host's plugins are read from the name index when asked: <see cref="HostPlugins"/>.)
/// </summary>
public sealed class GraphiteHostDiscovery
{
    private const int MaxCachedHosts = 1 << 20;

    private readonly FleetRegistry _fleet;
    private readonly int _hostNode;
    private readonly byte[] _prefix;
    private readonly Dictionary<byte[], HostEntry> _hosts = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], HostEntry>.AlternateLookup<ReadOnlySpan<byte>> _hostsBySpan;
    private readonly Lock _lock = new();

    public GraphiteHostDiscovery(FleetRegistry fleet)
    {
        _fleet = fleet;
        _hostNode = fleet.Rules.GraphiteHostNode;
        _prefix = Encoding.UTF8.GetBytes(fleet.Rules.GraphitePrefix);
        _hostsBySpan = _hosts.GetAlternateLookup<ReadOnlySpan<byte>>();
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
            HostEntry? entry = null;
            ReadOnlySpan<byte> root = default;
            var timestamps = batch.Timestamps;
            for (var i = 0; i < timestamps.Length; i++)
            {
                var name = batch.Name(i);
                if (entry is null || name.Length <= root.Length + 1 || name[root.Length] != (byte)'.' || !name.StartsWith(root)
                    || name[root.Length + 1] is (byte)'.' or (byte)';')
                {
                    // Another host (or none): find the root and look it up.
                    var rootLength = RootLength(name);
                    if (rootLength < 0)
                    {
                        continue;
                    }

                    root = name[..rootLength];
                    entry = Lookup(root, timestamps[i]);
                }

                var time = timestamps[i];
                if (time > entry.LastTime || time < entry.FirstTime)
                {
                    entry.LastTime = Math.Max(entry.LastTime, time);
                    entry.FirstTime = Math.Min(entry.FirstTime, time);
                    _fleet.Observe(entry.Record, "", time);
                }
            }
        }
    }

    /// <summary>Length of the series root (the path up to the host node) in <paramref name="name"/>, or -1 when
    /// the path names no host: wrong prefix, too few nodes, an empty node, or nothing after the host.</summary>
    internal int RootLength(ReadOnlySpan<byte> name)
    {
        if (!name.StartsWith(_prefix))
        {
            return -1;
        }

        var position = 0;
        for (var node = 0; node <= _hostNode; node++)
        {
            var dot = name[position..].IndexOfAny((byte)'.', (byte)';');
            if (dot <= 0 || name[position + dot] == (byte)';')
            {
                return -1;
            }

            position += dot + 1;
        }

        return position < name.Length && name[position] is not ((byte)'.' or (byte)';') ? position - 1 : -1;
    }

    private HostEntry Lookup(ReadOnlySpan<byte> root, long time)
    {
        if (_hostsBySpan.TryGetValue(root, out var entry))
        {
            return entry;
        }

        if (_hosts.Count >= MaxCachedHosts)
        {
            _hosts.Clear();
        }

        var rootText = Encoding.UTF8.GetString(root);
        var record = _fleet.GetOrAdd(rootText[(rootText.LastIndexOf('.') + 1)..], HostSource.Graphite, rootText, time);
        entry = new HostEntry(record);
        _hostsBySpan[root] = entry;
        return entry;
    }

    /// <summary>A host as the writer thread sees it: its record and the oldest and newest times passed on.</summary>
    private sealed class HostEntry(HostRecord record)
    {
        public HostRecord Record { get; } = record;

        public long LastTime { get; set; } = long.MinValue;

        public long FirstTime { get; set; } = long.MaxValue;
    }
}
