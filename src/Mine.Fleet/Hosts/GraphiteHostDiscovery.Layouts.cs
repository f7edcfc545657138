using System.Text;
using Mine.Core.Text;

namespace Mine.Fleet;

// The automatic host node: learnt per namespace (a path's first node), decided once, then fixed.
public sealed partial class GraphiteHostDiscovery
{
    /// <summary>Points of a namespace read without any word about its layout, after which its first node is taken
    /// as the host for good (write_graphite's <c>HOST.…</c>), so a host's name stops being tentative and the words
    /// stop being read for it.</summary>
    internal const int TentativePoints = 1000;

    private const int MaxNamespaces = 1 << 20;

    private readonly Dictionary<byte[], NamespaceLayout> _layouts = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], NamespaceLayout>.AlternateLookup<ReadOnlySpan<byte>> _layoutsBySpan;

    /// <summary>The layout of the namespace <paramref name="name"/> starts with (its first
    /// <paramref name="namespaceEnd"/> bytes), decided from this path when it is not decided yet.</summary>
    private NamespaceLayout LayoutOf(ReadOnlySpan<byte> name, int namespaceEnd)
    {
        var ns = name[..namespaceEnd];
        if (!_layoutsBySpan.TryGetValue(ns, out var layout))
        {
            layout = new NamespaceLayout();
            if (_layouts.Count < MaxNamespaces)
            {
                _layoutsBySpan[ns] = layout;
            }

            // A host named by this namespace in an earlier run, confirmed then: the layout was decided already.
            if (_fleet.TryGet(Encoding.UTF8.GetString(ns), out var known) && IsNamespaceHost(known!) && !known!.Tentative)
            {
                layout.Decide(0);
            }
        }

        if (layout.Decided)
        {
            return layout;
        }

        var hostNode = GraphiteLayout.HostNodeOf(name);
        if (hostNode is null && ++layout.TentativePoints < TentativePoints)
        {
            return layout;
        }

        Decide(Encoding.UTF8.GetString(ns), layout, hostNode ?? 0);
        return layout;
    }

    /// <summary>Fixes a namespace's layout. Its tentative host (named by the first node before any path said
    /// otherwise) is confirmed when the first node is the host, and removed from the fleet when it is not: it was
    /// never a host, only the prefix of its hosts' paths (servers, prod).</summary>
    private void Decide(string ns, NamespaceLayout layout, int hostNode)
    {
        layout.Decide(hostNode);
        if (!_fleet.TryGet(ns, out var tentative) || !IsNamespaceHost(tentative!) || !tentative!.Tentative)
        {
            return;
        }

        if (hostNode == 0)
        {
            tentative.Confirm();
        }
        else
        {
            _fleet.Remove(tentative);
            _hosts.Remove(Encoding.UTF8.GetBytes(ns));
        }
    }

    /// <summary>At start: the layouts the fleet's Graphite hosts show (servers.web-001 → servers: node 1), and the
    /// hosts an earlier rule made of a namespace that names no host now (a host "servers" from a fixed node 0,
    /// carbon, stats) removed, so an upgrade does not keep them as stale hosts for ever.</summary>
    private void RestoreLayouts()
    {
        var graphiteHosts = _fleet.Hosts().Where(static h => h.Source == HostSource.Graphite).ToList();
        var depths = graphiteHosts
            .Where(static h => h.SeriesRoot.Contains('.', StringComparison.Ordinal))
            .GroupBy(static h => h.SeriesRoot[..h.SeriesRoot.IndexOf('.', StringComparison.Ordinal)], StringComparer.Ordinal);
        foreach (var ns in depths)
        {
            // Hosts at several depths in one namespace come from a changed --host-node: the most common depth wins.
            var depth = ns.GroupBy(static h => h.SeriesRoot.Count(static c => c == '.'))
                .OrderByDescending(static d => d.Count()).ThenBy(static d => d.Key).First().Key;
            var layout = new NamespaceLayout();
            layout.Decide(depth);
            _layouts[Encoding.UTF8.GetBytes(ns.Key)] = layout;
        }

        foreach (var host in graphiteHosts.Where(IsNamespaceHost))
        {
            var ns = Encoding.UTF8.GetBytes(host.SeriesRoot);
            var wordsSay = GraphiteLayout.HostNodeOf([.. ns, (byte)'.', (byte)'x']);
            var notAHost = ns.AsSpan().SequenceEqual(GraphiteLayout.MineNamespace) || wordsSay == GraphiteLayout.NoHost
                || (host.Tentative && wordsSay > 0) || (_layouts.TryGetValue(ns, out var layout) && layout.HostNode != 0);
            if (notAHost)
            {
                _fleet.Remove(host);
            }
        }
    }

    /// <summary>A Graphite host named by the first node of its paths (its series root is its name).</summary>
    private static bool IsNamespaceHost(HostRecord host) =>
        host.Source == HostSource.Graphite && string.Equals(host.SeriesRoot, host.Name, StringComparison.Ordinal);

    /// <summary>What is known of one namespace's layout; changed only on the writer thread, under the lock.</summary>
    private sealed class NamespaceLayout
    {
        /// <summary>The host node: fixed once <see cref="Decided"/>; the first node (tentatively) before.</summary>
        public int HostNode { get; private set; }

        public bool Decided { get; private set; }

        /// <summary>Points read while nothing said where the host is.</summary>
        public int TentativePoints { get; set; }

        public void Decide(int hostNode)
        {
            HostNode = hostNode;
            Decided = true;
        }
    }
}
