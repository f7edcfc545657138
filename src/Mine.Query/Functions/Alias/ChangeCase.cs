using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>
/// upper(seriesList, *pos) and lower(seriesList, *pos) from graphite-web after 1.1.8 (its toUpperCase and
/// toLowerCase): the whole name, or only the characters at the given positions, in upper or lower case.
/// </summary>
public sealed class ChangeCase : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "upper",
            FunctionGroups.Alias,
            "Upper-cases each series name, or only the characters at the given positions (negative from the end). Example: upper(server01.cpu.load,0)",
            Parameters(),
            call => Invoke(call, upper: true))
        {
            Aliases = ["toUpperCase"],
        },
        new(
            "lower",
            FunctionGroups.Alias,
            "Lower-cases each series name, or only the characters at the given positions (negative from the end). Example: lower(Server01.CPU.Load)",
            Parameters(),
            call => Invoke(call, upper: false))
        {
            Aliases = ["toLowerCase"],
        },
    ];

    private static ParamSpec[] Parameters() => [ParamSpec.SeriesListParam(), new("pos", ParamType.Integer) { Multiple = true }];

    private static List<TimeSeries> Invoke(FunctionCall call, bool upper)
    {
        var seriesList = call.SeriesList();
        var positions = call.Values("pos");
        foreach (var series in seriesList)
        {
            if (positions.Count == 0)
            {
                series.Name = Convert(series.Name, upper);
                continue;
            }

            // list(name) in Python: one element per code point; a position outside the name is skipped.
            var characters = SplitCodePoints(series.Name);
            foreach (var position in positions)
            {
                var index = position switch
                {
                    long l => l,
                    _ => throw call.Error($"positions must be whole numbers, not {FunctionCall.Describe(position)}"),
                };
                if (index < 0)
                {
                    index += characters.Count;
                }

                if (index >= 0 && index < characters.Count)
                {
                    characters[(int)index] = Convert(characters[(int)index], upper);
                }
            }

            series.Name = string.Concat(characters);
        }

        return seriesList;
    }

    /// <summary>
    /// str.upper()/str.lower() with .NET's invariant simple case mapping; Python's full mapping differs only for
    /// the few characters that change length (ß upper-cases to "SS" in Python, stays ß here).
    /// </summary>
    private static string Convert(string text, bool upper) => upper ? text.ToUpperInvariant() : text.ToLowerInvariant();

    private static List<string> SplitCodePoints(string text)
    {
        var result = new List<string>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Add(text.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(text[i].ToString());
            }
        }

        return result;
    }
}
