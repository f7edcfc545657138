using Mine.Query.Evaluation;
using Mine.Query.Functions.Combine;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// Reads one fleet metric for many hosts at once (<see cref="HostRoots"/>), each host's series summed into one (what
/// <c>groupByNodes(…,"sum",…)</c> makes, by the same aggregation code).
/// </summary>
internal sealed class FleetSeriesReader(IEnumerable<HostRecord> hosts)
{
    private readonly HostRoots _roots = new(hosts);

    /// <summary>Every asked-for host that has series of <paramref name="metric"/>, with their sum.</summary>
    /// <exception cref="Query.QueryArgumentException">The reads passed the context's limits.</exception>
    public List<(HostRecord Host, TimeSeries Sum)> Read(FleetMetric metric, EvaluationContext context)
    {
        // Several parent globs may match one host (a '*' parent and a literal one): its series come whole from the
        // first read that has them, sorted by name, so each sum adds them in the order a target's read would.
        var byRoot = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        var current = -1;
        foreach (var (read, root, series) in _roots.Read(metric.Pattern, context))
        {
            if (read != current)
            {
                (current, fresh) = (read, new HashSet<string>(StringComparer.Ordinal));
            }

            if (taken.Contains(root) && !fresh.Contains(root))
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

        var sums = new List<(HostRecord, TimeSeries)>();
        foreach (var (root, series) in byRoot)
        {
            var sum = Aggregate.Run(context, [series], "sum")[0];
            foreach (var host in _roots.HostsOf(root))
            {
                sums.Add((host, sum));
            }
        }

        return sums;
    }
}
