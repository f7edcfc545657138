using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>randomWalkFunction(name, step=60), short form randomWalk(): test data.</summary>
public sealed class RandomWalk : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "randomWalkFunction",
            FunctionGroups.Special,
            "Makes a series of the given name that starts at 0 and moves by a random amount between -0.5 and 0.5 every step seconds (default 60); handy for testing without data. Example: randomWalk(\"The.time.series\")",
            [new("name", ParamType.String) { Required = true }, new("step", ParamType.Integer) { Default = 60L }],
            Invoke)
        {
            Aliases = ["randomWalk"],
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var name = call.String("name");
        var step = call.Integer("step");
        if (step <= 0)
        {
            // graphite-web loops forever on a step that does not move time forward.
            throw call.Error("step must be a positive number of seconds");
        }

        var start = call.Context.StartSeconds;
        var end = call.Context.EndSeconds;

        // One value per step from the start while before the end: x(0) = 0, x(t) = x(t-1) + random() - 0.5.
        var count = end > start ? ((end - start - 1) / step) + 1 : 0;
        if (count > call.Context.Limits.MaxPoints)
        {
            throw call.Error($"would produce more than {call.Context.Limits.MaxPoints} points (MaxPointsPerRequest); use a larger step or a shorter range.");
        }

        var values = call.NewValues(count);
        var current = 0.0;
        for (var i = 0; i < count; i++)
        {
            values[i] = current;
            current += Random.Shared.NextDouble() - 0.5;
        }

        return [new TimeSeries(name, start, end, step, values, xFilesFactor: call.Context.XFilesFactor ?? 0)];
    }
}
