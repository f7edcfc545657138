using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// landmineScore(seriesList, hostNode, window='15min'): a Mine extension (docs/compatibility.md) that draws the
/// landmine detection's combined verdict per host (decision 0029). The series are one per host and metric (sum cores
/// or interfaces first, e.g. with groupByNodes); node <c>hostNode</c> names the host, the rest of the name the metric.
/// Per metric, every host's log-ratio to the group's median at each point, minus its own normal (its median ratio
/// over the drawn range before the trailing window), scored robustly across the hosts (spread at least 0.05); per host,
/// those scores combined over the metrics (Stouffer), and that scored against the other hosts (spread at least 1).
/// One series per host, <c>landmineScore(HOST)</c>: 0 is in line, beyond about ±3.5 (for 100 hosts) is a landmine.
/// </summary>
public sealed class LandmineScore : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "landmineScore",
            FunctionGroups.Fleet,
            "Mine extension. The combined landmine score of each host of a group over several metrics (one series per host and metric; hostNode is the node naming the host): each metric as the host's ratio to the group's median against its own normal, combined over the metrics and scored against the other hosts; 0 is in line, beyond ±3.5 unusual. Example: landmineScore(group(servers.web-*.load.load.shortterm,servers.web-*.nginx.nginx_requests),1)",
            [
                ParamSpec.SeriesListParam(),
                new("hostNode", ParamType.Node) { Required = true },
                new("window", ParamType.Interval) { Default = "15min", Suggestions = ["15min", "30min", "1h"] },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var hostNode = (int)call.Integer("hostNode");
        var window = (long)Math.Abs(Time.AtTimeParser.ParseTimeOffset(call.String("window")).TotalSeconds);
        if (window <= 0)
        {
            throw call.Error("window must be a positive interval such as \"15min\"");
        }

        var (series, points, step) = RobustStatistics.Normalized(call.SeriesList());
        var hosts = new List<string>();
        var metrics = new Dictionary<string, Dictionary<int, int>>(StringComparer.Ordinal); // metric → host index → series index
        for (var s = 0; s < series.Count; s++)
        {
            var nodes = series[s].Name.Split('.');
            if (hostNode < 0 || hostNode >= nodes.Length)
            {
                throw call.Error($"hostNode {hostNode} is not a node of {series[s].Name}");
            }

            var host = hosts.IndexOf(nodes[hostNode]) is var known and >= 0 ? known : Add(hosts, nodes[hostNode]);
            nodes[hostNode] = "*";
            var metric = string.Join('.', nodes);
            if (!metrics.TryGetValue(metric, out var members))
            {
                metrics[metric] = members = [];
            }

            members[host] = s; // a second series of the same host and metric replaces the first: sum them before
        }

        var length = points.Length == 0 ? 0 : points.Max(static p => p.Length);
        var windowPoints = RobustStatistics.WindowPoints(window, step, length);
        var perMetric = metrics.Values.Select(m => RobustStatistics.OwnNormalScores(hosts.Count, m, points, length, windowPoints, call.NewValues)).ToList();
        var combined = RobustStatistics.CombinedScores(perMetric, hosts.Count, length, call.NewValues);
        var result = new List<TimeSeries>(hosts.Count);
        for (var h = 0; h < hosts.Count; h++)
        {
            var values = call.NewValues(length);
            combined[h].CopyTo(values, 0);
            RobustStatistics.Cap(values);
            var first = series[metrics.Values.First(m => m.ContainsKey(h))[h]];
            var scored = first.Copy(name: $"landmineScore({hosts[h]})", step: step, values: values);
            scored.Tags["landmineScore"] = "1";
            result.Add(scored);
        }

        return result;
    }

    private static int Add(List<string> hosts, string host)
    {
        hosts.Add(host);
        return hosts.Count - 1;
    }
}
