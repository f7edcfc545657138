using System.Text;
using Mine.Core.Text;

namespace Mine.Fleet;

/// <summary>
/// Reads which node of a Graphite path names the host from the words in the path itself: a collectd (or Diamond,
/// Telegraf) plugin right after a node, prefix words such as <c>servers</c>, an environment word such as
/// <c>prod</c>, or a first node shaped like a host name. Pure and deterministic: the same path always gives the same
/// answer. <see cref="GraphiteHostDiscovery"/> applies it once per namespace (first node) and remembers the answer
/// (docs/ui.md, "How a host is found").
/// </summary>
internal static class GraphiteLayout
{
    /// <summary>The layout says this namespace names no host (Mine's, carbon's and statsd's own metrics).</summary>
    public const int NoHost = -1;

    /// <summary>Deepest host node found by reading words; deeper layouts need <c>--host-node N</c>.</summary>
    public const int MaxHostNode = 3;

    /// <summary>Namespace of Mine's own metrics (<c>mine.&lt;node&gt;.…</c>), never a host whatever the rule.</summary>
    public static ReadOnlySpan<byte> MineNamespace => "mine"u8;

    // collectd's plugin names as write_graphite writes them, and the collector names of Diamond and Telegraf that
    // follow a host in their default layouts: a node after which one of these comes is the host.
    private static readonly WordSet PluginWords = new(
        "load", "cpu", "memory", "swap", "df", "disk", "interface", "processes", "uptime", "users", "entropy",
        "contextswitch", "irq", "vmem", "conntrack", "ipc", "fhcount", "tcpconns", "ethstat", "numa", "cgroups",
        "thermal", "sensors", "battery", "cpufreq", "hugepages", "md", "protocols", "netlink", "nfs", "ntpd", "ping",
        "nginx", "apache", "mysql", "postgresql", "redis", "memcached", "zfs_arc", "turbostat",
        "loadavg", "diskspace", "iostat", "network", "vmstat", "sockets",
        "mem", "system", "diskio", "net", "kernel", "netstat", "procstat");

    // Plugins written with an instance (cpu-0, df-root, interface-eth0): only these, so that a host called
    // redis-01 or nginx-2 is not read as a plugin instance.
    private static readonly WordSet InstancedPluginWords = new(
        "cpu", "df", "disk", "interface", "processes", "tcpconns", "ethstat", "thermal", "cgroups", "md", "hugepages", "numa");

    // Words that put the hosts one node down: servers.HOST.…, collectd.HOST.…, hosts.HOST.….
    private static readonly WordSet PrefixWords = new(
        "servers", "server", "hosts", "host", "nodes", "node", "machines", "machine", "systems", "collectd", "netdata",
        "diamond", "telegraf", "infra");

    // An environment is followed by a datacenter, then the host: prod.ams.HOST.….
    private static readonly WordSet EnvironmentWords = new(
        "prod", "production", "prd", "live", "staging", "stage", "stg", "preprod", "uat", "qa", "test", "testing",
        "dev", "development", "sandbox");

    // Namespaces of metrics about a monitoring tool itself, not about a host.
    private static readonly WordSet NoHostNamespaces = new("carbon", "stats", "stats_counts", "statsd");

    /// <summary>The host node the words of <paramref name="name"/> point to, <see cref="NoHost"/> for a namespace
    /// that names no host, or null when the path says nothing about its layout (then the first node is the host,
    /// tentatively). <paramref name="name"/> is a full path, tags (<c>;k=v</c>) allowed.</summary>
    public static int? HostNodeOf(ReadOnlySpan<byte> name)
    {
        var end = name.IndexOf((byte)';');
        var path = end >= 0 ? name[..end] : name;
        Span<Range> nodes = stackalloc Range[MaxHostNode + 2];
        var count = 0;
        foreach (var node in path.Split((byte)'.'))
        {
            if (count == nodes.Length)
            {
                break;
            }

            nodes[count++] = node;
        }

        if (NoHostNamespaces.Contains(path[nodes[0]]))
        {
            return NoHost;
        }

        // A plugin right after a node: that node is the host (web-001.load.…, servers.web-001.cpu-0.…).
        for (var next = 1; next < count && next <= MaxHostNode + 1; next++)
        {
            var candidate = path[nodes[next - 1]];
            if (candidate.Length > 0 && IsPlugin(path[nodes[next]]) && !IsPlugin(candidate) && !PrefixWords.Contains(candidate) && !EnvironmentWords.Contains(candidate))
            {
                // web-001.myapp.load.…: an application's own "load" under a host-shaped first node, not a host "myapp".
                var hostFirst = next > 1 && !LooksLikeHostName(candidate) && LooksLikeHostName(path[nodes[0]]);
                return hostFirst ? 0 : next - 1;
            }
        }

        // Prefix words, then maybe an environment and its datacenter: the node after them is the host.
        var host = 0;
        while (host < count && host < MaxHostNode && PrefixWords.Contains(path[nodes[host]]))
        {
            host++;
        }

        if (host < count && host + 2 <= MaxHostNode && EnvironmentWords.Contains(path[nodes[host]]))
        {
            host += 2;
        }

        if (host > 0)
        {
            return host;
        }

        return count >= 2 && LooksLikeHostName(path[nodes[0]]) ? 0 : null;
    }

    /// <summary>A collectd plugin node: <c>load</c>, or <c>cpu-0</c> for a plugin written with its instance.</summary>
    internal static bool IsPlugin(ReadOnlySpan<byte> node)
    {
        if (PluginWords.Contains(node))
        {
            return true;
        }

        var dash = node.IndexOf((byte)'-');
        return dash > 0 && dash < node.Length - 1 && InstancedPluginWords.Contains(node[..dash]);
    }

    /// <summary>Letters with digits, as machines are named (web-001, db01, ip-10-0-0-7, web-017_example_com).</summary>
    internal static bool LooksLikeHostName(ReadOnlySpan<byte> node) =>
        node.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0 && (node.IndexOfAnyInRange((byte)'a', (byte)'z') >= 0 || node.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0);

    /// <summary>A set of ASCII words looked up by the UTF-8 bytes of a node, without allocating.</summary>
    private sealed class WordSet
    {
        private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

        public WordSet(params string[] words)
        {
            var set = new HashSet<byte[]>(words.Select(Encoding.ASCII.GetBytes), ByteKeyComparer.Instance);
            _lookup = set.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        public bool Contains(ReadOnlySpan<byte> word) => _lookup.Contains(word);
    }
}
