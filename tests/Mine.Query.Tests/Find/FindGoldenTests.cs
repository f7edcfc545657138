using System.Buffers;
using System.Globalization;
using System.Text;
using Mine.Core.Series;
using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

/// <summary>Byte-for-byte comparison with graphite-web 1.1.8's metrics/views.py output (FindGoldenCases.cs).</summary>
public sealed class FindGoldenTests
{
    public static TheoryData<string> CaseNames => new(FindGoldenCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Writer_output_matches_graphite_web(string name)
    {
        var golden = FindGoldenCases.All.Single(c => c.Name == name);
        var parameters = golden.Parameters;
        var options = MetricsJsonOptions.ForAcceptHeader(
            golden.Accept,
            parameters.GetValueOrDefault("jsonp"),
            !string.IsNullOrEmpty(parameters.GetValueOrDefault("pretty")));
        var output = new ArrayBufferWriter<byte>();

        switch (golden.Kind)
        {
            case "find":
                var nodes = (MetricNode[])golden.Inputs;
                var wildcards = Flag(parameters, "wildcards");
                switch (parameters.GetValueOrDefault("format", "treejson"))
                {
                    case "treejson":
                        FindFormats.WriteTreeJson(output, nodes, parameters["query"], wildcards, options);
                        break;
                    case "completer":
                        FindFormats.WriteCompleter(output, nodes, wildcards, options);
                        break;
                    case "json":
                        FindFormats.WriteJson(output, nodes, _ => golden.Intervals, options);
                        break;
                    case "msgpack":
                        FindFormats.WriteMsgPack(output, nodes, _ => golden.Intervals);
                        Assert.Equal(golden.ExpectedBody, Convert.ToBase64String(output.WrittenSpan));
                        Assert.Equal(FindFormats.MsgPackContentType, golden.ExpectedContentType);
                        return;
                    default:
                        var position = int.Parse(parameters.GetValueOrDefault("position", "-1"), CultureInfo.InvariantCulture);
                        FindFormats.WriteNodeList(output, nodes, position, options);
                        break;
                }

                break;
            case "expand":
                var byQuery = (KeyValuePair<string, IReadOnlyList<MetricNode>>[])golden.Inputs;
                MetricsListFormats.WriteExpand(output, byQuery, Flag(parameters, "groupByExpr"), Flag(parameters, "leavesOnly"), options);
                break;
            default:
                MetricsListFormats.WriteIndex(output, (string[])golden.Inputs, options);
                break;
        }

        Assert.Equal(golden.ExpectedBody, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(golden.ExpectedContentType, options.ContentType);
    }

    private static bool Flag(Dictionary<string, string> parameters, string name)
        => int.Parse(parameters.GetValueOrDefault(name, "0"), CultureInfo.InvariantCulture) != 0;
}
