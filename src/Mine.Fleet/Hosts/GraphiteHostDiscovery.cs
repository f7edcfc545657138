using System.Text;
using Mine.Core.Series;
using Mine.Core.Text;

namespace Mine.Fleet;

/// <summary>
/// Finds hosts in Graphite paths: one node of the path names the host and the path up to it is the host's series
/// root; a path needs at least one node after the host. Which node is fixed by <see cref="FleetRules.GraphiteHostNode"/>,
/// or, by default, learnt per namespace (first node) from the paths themselves (<see cref="GraphiteLayout"/>, and
/// GraphiteHostDiscovery.Layouts.cs). Mine's own <c>mine.…</c> metrics never name a host. Runs on the ingest writer
/// thread for every batch from a Graphite listener, so the steady state is cheap: per point a comparison with the
/// previous point's root and time, and hash lookups only when the host changes; no allocation once a host is known.
/// (A Graphite host's plugins are read from the name index when asked: <see cref="HostPlugins"/>.)
/// </summary>
public sealed partial class GraphiteHostDiscovery
{
    private const int MaxCachedHosts = 1 << 20;

    private readonly FleetRegistry _fleet;
    private readonly int? _fixedHostNode;
    private readonly byte[] _prefix;
    private readonly Dictionary<byte[], HostEntry> _hosts = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], HostEntry>.AlternateLookup<ReadOnlySpan<byte>> _hostsBySpan;
    private readonly Lock _lock = new();

    public GraphiteHostDiscovery(FleetRegistry fleet)
    {
        _fleet = fleet;
        _fixedHostNode = fleet.Rules.GraphiteHostNode;
        _prefix = Encoding.UTF8.GetBytes(fleet.Rules.GraphitePrefix);
        _hostsBySpan = _hosts.GetAlternateLookup<ReadOnlySpan<byte>>();
        _layoutsBySpan = _layouts.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (_fixedHostNode is null)
        {
            RestoreLayouts();
        }
    }

    public bool Enabled => _fixedHostNode is not < 0;

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

                // Same root as the previous point: the same host, unless its namespace's layout is still being learnt.
                if (entry is null || !entry.Settled || name.Length <= root.Length + 1 || name[root.Length] != (byte)'.' || !name.StartsWith(root)
                    || name[root.Length + 1] is (byte)'.' or (byte)';')
                {
                    // Another host (or none): find the root and look it up.
                    var (rootLength, layout) = Root(name);
                    if (rootLength < 0)
                    {
                        entry = null;
                        continue;
                    }

                    root = name[..rootLength];
                    entry = Lookup(root, layout, timestamps[i]);
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
    /// the path names no host: wrong prefix, Mine's own metrics, too few nodes, an empty node, or nothing after the
    /// host; with the layout of its namespace when the host node is learnt (it is learnt on the way).</summary>
    private (int Length, NamespaceLayout? Layout) Root(ReadOnlySpan<byte> name)
    {
        if (!name.StartsWith(_prefix))
        {
            return (-1, null);
        }

        var namespaceEnd = name.IndexOfAny((byte)'.', (byte)';');
        if (namespaceEnd <= 0 || name[namespaceEnd] == (byte)';' || name[..namespaceEnd].SequenceEqual(GraphiteLayout.MineNamespace))
        {
            return (-1, null);
        }

        NamespaceLayout? layout = null;
        var hostNode = _fixedHostNode ?? (layout = LayoutOf(name, namespaceEnd)).HostNode;
        return (RootLength(name, hostNode), layout);
    }

    /// <summary>Length of the path up to node <paramref name="hostNode"/>, or -1 when that node is missing, empty,
    /// a tag, or the last node.</summary>
    private static int RootLength(ReadOnlySpan<byte> name, int hostNode)
    {
        if (hostNode < 0)
        {
            return -1;
        }

        var position = 0;
        for (var node = 0; node <= hostNode; node++)
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

    private HostEntry Lookup(ReadOnlySpan<byte> root, NamespaceLayout? layout, long time)
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
        var tentative = layout is { Decided: false };
        var record = _fleet.GetOrAdd(rootText[(rootText.LastIndexOf('.') + 1)..], HostSource.Graphite, rootText, time, tentative);
        entry = new HostEntry(record, layout);
        _hostsBySpan[root] = entry;
        return entry;
    }

    /// <summary>A host as the writer thread sees it: its record and the oldest and newest times passed on.</summary>
    private sealed class HostEntry(HostRecord record, NamespaceLayout? layout)
    {
        public HostRecord Record { get; } = record;

        /// <summary>Whether the host's root is final: a fixed host node, or its namespace's layout decided.</summary>
        public bool Settled => layout is null || layout.Decided;

        public long LastTime { get; set; } = long.MinValue;

        public long FirstTime { get; set; } = long.MaxValue;
    }
}
