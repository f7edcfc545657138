using System.Buffers;
using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// Reads one pattern for many hosts at once, every series kept apart with its name under the host's root
/// (<c>df-var.df_complex-used</c>): the trends fit each mount on its own, where <see cref="FleetSeriesReader"/> sums a
/// host's series into one. Hosts are found the same way: every parent path of the hosts' series roots is read as
/// <c>parent.*.pattern</c>, and a series belongs to the host whose root is exactly its first nodes, so no glob is built
/// from a host name.
/// </summary>
internal sealed class TrendSeriesReader
{
    private static readonly SearchValues<char> GlobCharacters = SearchValues.Create("*?[]{},\\;");

    private readonly Dictionary<string, List<HostRecord>> _hostsByRoot = new(StringComparer.Ordinal);
    private readonly List<(string Glob, int Depth)> _parents = [];

    public TrendSeriesReader(IEnumerable<HostRecord> hosts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            if (!_hostsByRoot.TryGetValue(host.SeriesRoot, out var sharing))
            {
                _hostsByRoot[host.SeriesRoot] = sharing = [];
            }

            sharing.Add(host);
            var nodes = host.SeriesRoot.Split('.');
            var parent = string.Join('.', nodes[..^1].Select(static n => n.AsSpan().ContainsAny(GlobCharacters) ? "*" : n).Append("*"));
            if (seen.Add(parent))
            {
                _parents.Add((parent, nodes.Length));
            }
        }
    }

    /// <summary>Per series root (the first host with it; a host known under two names counts once): the series of
    /// <paramref name="pattern"/>, by their names under the root.</summary>
    public Dictionary<HostRecord, Dictionary<string, TimeSeries>> Read(string pattern, EvaluationContext context)
    {
        var byHost = new Dictionary<HostRecord, Dictionary<string, TimeSeries>>();
        foreach (var (parent, depth) in _parents)
        {
            foreach (var series in TargetEvaluator.ReadPath(parent + "." + pattern, context))
            {
                if (RootEnd(series.Name, depth) is not { } end || !_hostsByRoot.TryGetValue(series.Name[..end], out var hosts))
                {
                    continue;
                }

                if (!byHost.TryGetValue(hosts[0], out var named))
                {
                    byHost[hosts[0]] = named = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);
                }

                named.TryAdd(series.Name[(end + 1)..], series);
            }
        }

        return byHost;
    }

    /// <summary>Where the first <paramref name="depth"/> nodes of a name end, null when no node follows them.</summary>
    private static int? RootEnd(string name, int depth)
    {
        var end = -1;
        for (var n = 0; n < depth; n++)
        {
            end = name.IndexOf('.', end + 1);
            if (end < 0)
            {
                return null;
            }
        }

        return end;
    }
}
