using System.Buffers;
using Mine.Query.Evaluation;
using Mine.Query.Functions.Combine;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// Reads one fleet metric for many hosts at once, each host's series summed into one (what
/// <c>groupByNodes(…,"sum",…)</c> makes, by the same aggregation code). No glob is built from a host name: every parent
/// path of the hosts' series roots is read as <c>parent.*.pattern</c> (a parent node with glob characters becomes
/// <c>*</c> too), and a series belongs to the host whose root is exactly its first nodes. So a host named
/// <c>web[1]</c> or <c>web{2}</c> is read like any other, and a series of a host not asked for is ignored.
/// </summary>
internal sealed class FleetSeriesReader
{
    private static readonly SearchValues<char> GlobCharacters = SearchValues.Create("*?[]{},\\;");

    private readonly Dictionary<string, List<HostRecord>> _hostsByRoot = new(StringComparer.Ordinal);
    private readonly List<(string Glob, int Depth)> _parents = [];

    public FleetSeriesReader(IEnumerable<HostRecord> hosts)
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

    /// <summary>Every asked-for host that has series of <paramref name="metric"/>, with their sum.</summary>
    /// <exception cref="Query.QueryArgumentException">The reads passed the context's limits.</exception>
    public List<(HostRecord Host, TimeSeries Sum)> Read(FleetMetric metric, EvaluationContext context)
    {
        // Several parent globs may match one host (a '*' parent and a literal one): its series come whole from the
        // first read that has them, sorted by name, so each sum adds them in the order a target's read would.
        var byRoot = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parent, depth) in _parents)
        {
            var fresh = new HashSet<string>(StringComparer.Ordinal);
            foreach (var series in TargetEvaluator.ReadPath(parent + "." + metric.Pattern, context))
            {
                if (RootOf(series.Name, depth) is not { } root || !_hostsByRoot.ContainsKey(root) || (taken.Contains(root) && !fresh.Contains(root)))
                {
                    continue;
                }

                if (taken.Add(root))
                {
                    fresh.Add(root);
                    byRoot[root] = [];
                }

                byRoot[root].Add(series);
            }
        }

        var sums = new List<(HostRecord, TimeSeries)>();
        foreach (var (root, series) in byRoot)
        {
            var sum = Aggregate.Run(context, [series], "sum")[0];
            foreach (var host in _hostsByRoot[root])
            {
                sums.Add((host, sum));
            }
        }

        return sums;
    }

    /// <summary>The first <paramref name="depth"/> nodes of a name, null when it has no node after them.</summary>
    private static string? RootOf(string name, int depth)
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

        return name[..end];
    }
}
