using System.Buffers;
using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// The series roots of many hosts, read in a few globs. No glob is built from a host name: every parent path of the
/// roots is read as <c>parent.*.pattern</c> (a parent node with glob characters becomes <c>*</c> too), and a series
/// belongs to the host whose root is exactly its first nodes. So a host named <c>web[1]</c> or <c>web{2}</c> is read
/// like any other, and a series of a host not asked for is left out.
/// </summary>
internal sealed class HostRoots
{
    private static readonly SearchValues<char> GlobCharacters = SearchValues.Create("*?[]{},\\;");

    private readonly Dictionary<string, List<HostRecord>> _hostsByRoot = new(StringComparer.Ordinal);
    private readonly List<(string Glob, int Depth)> _parents = [];

    public HostRoots(IEnumerable<HostRecord> hosts)
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

    /// <summary>The hosts with this series root (a host known under two names), in the order they were given.</summary>
    public IReadOnlyList<HostRecord> HostsOf(string root) => _hostsByRoot[root];

    /// <summary>
    /// Every series of <paramref name="pattern"/> under an asked-for root, with that root and which read (parent glob)
    /// found it. Several parent globs may match one root (a <c>*</c> parent and a literal one).
    /// </summary>
    /// <exception cref="Query.QueryArgumentException">The reads passed the context's limits.</exception>
    public IEnumerable<(int Read, string Root, TimeSeries Series)> Read(string pattern, EvaluationContext context)
    {
        for (var read = 0; read < _parents.Count; read++)
        {
            var (parent, depth) = _parents[read];
            foreach (var series in TargetEvaluator.ReadPath(parent + "." + pattern, context))
            {
                if (RootEnd(series.Name, depth) is { } end && _hostsByRoot.ContainsKey(series.Name[..end]))
                {
                    yield return (read, series.Name[..end], series);
                }
            }
        }
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
