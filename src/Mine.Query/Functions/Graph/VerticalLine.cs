using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Graph;

/// <summary>verticalLine(ts, label=None, color=None): a vertical line at a moment of the graph.</summary>
public sealed class VerticalLine : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "verticalLine",
            FunctionGroups.Graph,
            "Draws a vertical line at the given time (relative like -5min or absolute like 16:00_20110501, within the graph's range), optionally named and coloured. Example: verticalLine(\"12:34_20131108\",\"event\",\"blue\")",
            [
                new("ts", ParamType.Date) { Required = true },
                new("label", ParamType.String),
                new("color", ParamType.String),
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var text = call.String("ts");

        // graphite-web parses without the request's now, so relative times count from the clock.
        var ts = AtTimeParser.Parse(text, call.Context.TimeZone, DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        if (ts < call.Context.StartSeconds)
        {
            throw call.Error($"timestamp {ts} exists before start of range");
        }

        if (ts > call.Context.EndSeconds)
        {
            throw call.Error($"timestamp {ts} exists after end of range");
        }

        // A label of None makes graphite-web's series name None (JSON null, tags {"name": "None"}); Mine's names
        // are strings, so it is "None" here.
        var label = call.StringOrNull("label") ?? "None";
        var series = new TimeSeries(label, ts, ts, 1, [1.0, 1.0], xFilesFactor: call.Context.XFilesFactor ?? 0);
        series.Options["drawAsInfinite"] = true;
        if (call.StringOrNull("color") is { Length: > 0 } color)
        {
            series.Options["color"] = color;
        }

        return [series];
    }
}
