using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// applyByNode(seriesList, nodeNum, templateFunction, newName=None): for every distinct name prefix up to node
/// <c>nodeNum</c>, evaluates the template target with each '%' replaced by the prefix.
/// </summary>
public sealed class ApplyByNode : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "applyByNode",
            FunctionGroups.Combine,
            "Evaluates templateFunction once per distinct prefix of the series names (nodes 0 to nodeNum), with '%' replaced by the prefix; newName, if given, names the results ('%' again the prefix). Example: applyByNode(servers.*.disk.bytes_free,1,\"divideSeries(%.disk.bytes_free,sumSeries(%.disk.bytes_*))\")",
            [
                ParamSpec.SeriesListParam(),
                new("nodeNum", ParamType.Node) { Required = true },
                new("templateFunction", ParamType.String) { Required = true },
                new("newName", ParamType.String),
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var nodeNum = call.Integer("nodeNum");
        var template = call.String("templateFunction");
        var newName = call.StringOrNull("newName");
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in seriesList)
        {
            var nodes = series.Name.Split('.');
            prefixes.Add(string.Join('.', PythonList.Slice(nodes, 0, nodeNum + 1)));
        }

        var results = new List<TimeSeries>();
        foreach (var prefix in PythonSort.SortedBy(prefixes, p => p, PythonSort.Strings))
        {
            foreach (var result in call.EvaluateTarget(template.Replace("%", prefix, StringComparison.Ordinal)))
            {
                if (!string.IsNullOrEmpty(newName))
                {
                    result.Name = newName.Replace("%", prefix, StringComparison.Ordinal);
                }

                result.PathExpression = prefix;

                // graphite-web reads Python's leaked loop variable here: every result takes the start and end of
                // the LAST series of the input list, whichever prefix it came from.
                result.Start = seriesList[^1].Start;
                result.End = seriesList[^1].End;
                results.Add(result);
            }
        }

        return results;
    }
}
