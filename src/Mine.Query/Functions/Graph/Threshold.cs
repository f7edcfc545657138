using Mine.Query.Functions.Special;
using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>threshold(value, label=None, color=None): a labelled horizontal line.</summary>
public sealed class Threshold : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "threshold",
            FunctionGroups.Graph,
            "Draws a horizontal line at the given value across the graph, optionally named and coloured. Example: threshold(123.456,\"omgwtfbbq\",\"red\")",
            [
                new("value", ParamType.Float) { Required = true },
                new("label", ParamType.String),
                new("color", ParamType.String),
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var series = ConstantLine.Create(call.Context, call.Float("value"));

        // Empty strings count as not given (Python truthiness).
        if (call.StringOrNull("label") is { Length: > 0 } label)
        {
            series.Name = label;
        }

        if (call.StringOrNull("color") is { Length: > 0 } color)
        {
            series.Options["color"] = color;
        }

        return [series];
    }
}
