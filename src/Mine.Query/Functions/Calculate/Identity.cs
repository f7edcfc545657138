using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>identity(name): a series whose value at every minute of the request is that minute's timestamp.</summary>
public sealed class Identity : IFunctionFamily
{
    private const long Step = 60;

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "identity",
            FunctionGroups.Calculate,
            "A series named after the argument whose value at each point (one a minute) is the point's own Unix timestamp, handy to compare timestamps stored in other series. Example: identity(\"The.time.series\")",
            [new("name", ParamType.String) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var name = call.Value("name") switch
        {
            string s => s,
            long or double or bool => PythonFormat.Str(call.Value("name")),
            var other => throw call.Error($"name must be a string, not {FunctionCall.Describe(other)}"),
        };
        var start = call.Context.StartSeconds;
        var end = call.Context.EndSeconds;
        var count = end > start ? (end - start + Step - 1) / Step : 0;
        var values = call.NewValues(count);
        for (var i = 0; i < count; i++)
        {
            values[i] = start + (i * Step);
        }

        return [new TimeSeries(name, start, end, Step, values, xFilesFactor: call.Context.XFilesFactor ?? 0, pathExpression: $"identity(\"{name}\")")];
    }
}
