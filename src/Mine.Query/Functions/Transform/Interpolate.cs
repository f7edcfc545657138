using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>interpolate(seriesList, limit=inf): fills inner runs of None linearly between their neighbours.</summary>
public sealed class Interpolate : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "interpolate",
            FunctionGroups.Transform,
            "Fills gaps of at most 'limit' None values (any length by default) with a straight line between the values around them; leading and trailing gaps stay. Example: interpolate(Server01.connections.handled,10)",
            [ParamSpec.SeriesListParam(), new("limit", ParamType.IntOrInf) { Default = double.PositiveInfinity }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var limit = call.Float("limit");
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Name = $"interpolate({series.Name})";
            series.PathExpression = series.Name;
            var points = series.GetPoints();
            var values = series.Values;
            var consecutiveNones = 0;
            for (var i = 0; i < points.Length; i++)
            {
                // graphite-web first copies the iterated point over the raw value, then looks back at raw values.
                var value = points[i];
                values[i] = value;
                if (i == 0)
                {
                    continue;
                }

                if (double.IsNaN(value))
                {
                    consecutiveNones++;
                    continue;
                }

                if (consecutiveNones == 0)
                {
                    continue;
                }

                var before = i - consecutiveNones - 1;
                if (!double.IsNaN(values[before]) && consecutiveNones <= limit)
                {
                    for (var index = i - consecutiveNones; index < i; index++)
                    {
                        values[index] = values[before] + ((index - before) * (value - values[before]) / (consecutiveNones + 1));
                    }
                }

                consecutiveNones = 0;
            }
        }

        return seriesList;
    }
}
