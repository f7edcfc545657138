using System.Text.RegularExpressions;
using Mine.Compat.Python;
using Mine.Query.Series;
using Mine.Core.Text;

namespace Mine.Query.Functions.Special;

/// <summary>substr(seriesList, start=0, stop=0): a slice of the dot-separated nodes of each name.</summary>
public sealed partial class Substr : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "substr",
            FunctionGroups.Special,
            "Names each series by a slice of the nodes of its metric path (inside any function call): from node start up to, not including, node stop (0: to the end; negative counts from the end). Example: substr(carbon.agents.hostname.avgUpdateTime,2,4)",
            [
                ParamSpec.SeriesListParam(),
                new("start", ParamType.Node) { Default = 0L },
                new("stop", ParamType.Node) { Default = 0L },
            ],
            call => Apply(call.SeriesList(), call.Integer("start"), call.Integer("stop"))),
    ];

    /// <summary>The renaming, shared with aliasByMetric (substr(seriesList, -1, 0)).</summary>
    internal static List<TimeSeries> Apply(List<TimeSeries> seriesList, long start, long stop)
    {
        foreach (var series in seriesList)
        {
            // The text between the last '(' and the first ')' (which may come before it: then nothing).
            var name = series.Name;
            var left = name.LastIndexOf('(') + 1;
            var right = name.IndexOf(')', StringComparison.Ordinal);
            if (right < 0)
            {
                right = name.Length + 1;
            }

            var clean = Slice(name, left, right);
            var nodes = clean.Split('.');
            series.Name = string.Join('.', PythonList.Slice(nodes, start, stop == 0 ? nodes.Length : stop));

            // substr(func(a.b,'c'),1) gives "b" instead of "b,'c'".
            series.Name = FromComma().Replace(series.Name, string.Empty);
        }

        return seriesList;
    }

    /// <summary>Python's text[left:right] with non-negative bounds.</summary>
    private static string Slice(string text, int left, int right)
    {
        right = Math.Min(right, text.Length);
        return left < right ? text[left..right] : string.Empty;
    }

    // Python's ',.*$': '.' stops at a newline and '$' also matches before a final newline, as in .NET.
    [GeneratedRegex(",.*$", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex FromComma();
}
