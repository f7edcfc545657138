using System.Buffers;
using System.Collections.Concurrent;

namespace Mine.Fleet;

/// <summary>
/// The plugins a host sends, for the API: what collectd's value lists said, and the first node under the host's series
/// root in the name index, up to its first '-' (write_graphite joins plugin and instance with '-': <c>cpu-0</c> →
/// <c>cpu</c>). Reading the index when asked keeps the ingest path free of per-point plugin work; answers are kept
/// for <see cref="CacheSeconds"/> seconds so a page refreshing 1,300 tiles reads the index once in a while.
/// </summary>
public sealed class HostPlugins(Func<string, IEnumerable<string>> childNames)
{
    public const int CacheSeconds = 30;

    private static readonly SearchValues<char> GlobCharacters = SearchValues.Create("*?[]{}");

    private readonly ConcurrentDictionary<string, (long Expires, string[] Plugins)> _cache = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Of(HostRecord host, long now)
    {
        var indexed = _cache.TryGetValue(host.SeriesRoot, out var cached) && cached.Expires > now ? cached.Plugins : Read(host.SeriesRoot, now);
        var recorded = host.Plugins;
        if (recorded.Count == 0)
        {
            return indexed;
        }

        return indexed.Length == 0 ? recorded : recorded.Union(indexed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The plugin a node under a host's root stands for.</summary>
    public static string PluginOfNode(string node)
    {
        var dash = node.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? node[..dash] : node;
    }

    private string[] Read(string root, long now)
    {
        // A root with glob characters cannot be asked for exactly; such hosts show only what collectd said.
        string[] plugins = root.AsSpan().ContainsAny(GlobCharacters)
            ? []
            : childNames(root).Select(PluginOfNode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _cache[root] = (now + CacheSeconds, plugins);
        return plugins;
    }
}
