using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>
/// Reads one pattern for many hosts at once, every series kept apart with its name under the host's root
/// (<c>df-var.df_complex-used</c>): the trends fit each mount on its own, where <see cref="FleetSeriesReader"/> sums a
/// host's series into one. Hosts are found the same way (<see cref="HostRoots"/>).
/// </summary>
internal sealed class TrendSeriesReader(IEnumerable<HostRecord> hosts)
{
    private readonly HostRoots _roots = new(hosts);

    /// <summary>Per series root (the first host with it; a host known under two names counts once): the series of
    /// <paramref name="pattern"/>, by their names under the root.</summary>
    public Dictionary<HostRecord, Dictionary<string, TimeSeries>> Read(string pattern, EvaluationContext context)
    {
        var byHost = new Dictionary<HostRecord, Dictionary<string, TimeSeries>>();
        foreach (var (_, root, series) in _roots.Read(pattern, context))
        {
            var host = _roots.HostsOf(root)[0];
            if (!byHost.TryGetValue(host, out var named))
            {
                byHost[host] = named = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);
            }

            named.TryAdd(series.Name[(root.Length + 1)..], series);
        }

        return byHost;
    }
}
