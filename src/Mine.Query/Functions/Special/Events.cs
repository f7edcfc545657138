using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>events(*tags): how many events happened in each second of the range.</summary>
public sealed class Events : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "events",
            FunctionGroups.Special,
            "Counts, per second, the events carrying all the given tags (\"*\" alone: every event); null where there are none. Pairs well with drawAsInfinite. Example: events(\"deploy\",\"web\")",
            [new("tags", ParamType.String) { Required = true, Multiple = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var tags = call.Values("tags").Select(t => t as string ?? throw call.Error($"tags must be strings, not {FunctionCall.Describe(t)}")).ToList();
        var name = "events(\"" + string.Join("\", \"", tags) + "\")";
        IReadOnlyList<string> filter = tags is ["*"] ? [] : tags;

        // One slot per second from the start (inclusive) to the end (exclusive).
        const long step = 1;
        var start = call.Context.StartSeconds;
        var end = call.Context.EndSeconds;
        var points = Math.Max(0, end - start);
        if (points > call.Context.Limits.MaxPoints)
        {
            throw call.Error($"would produce more than {call.Context.Limits.MaxPoints} points (MaxPointsPerRequest); shorten the time range.");
        }

        var values = call.NewValues(points);
        Array.Fill(values, double.NaN);
        var found = call.Context.Events?.Find(start, end, filter) ?? [];
        foreach (var e in found)
        {
            var offset = e.WhenSeconds - start;

            // graphite-web asks for events up to the end inclusive but has no slot for one exactly at the end
            // (an IndexError, HTTP 500); such an event is left out here.
            if (offset < 0 || offset >= points)
            {
                continue;
            }

            values[offset] = double.IsNaN(values[offset]) ? 1 : values[offset] + 1;
        }

        return [new TimeSeries(name, start, end, step, values, "sum", xFilesFactor: call.Context.XFilesFactor ?? 0)];
    }
}
