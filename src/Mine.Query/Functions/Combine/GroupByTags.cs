using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// groupByTags(seriesList, callback, *tags): one series per distinct combination of the given tag values, made
/// by an aggregation or another function and named as a tagged series.
/// </summary>
public sealed class GroupByTags : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "groupByTags",
            FunctionGroups.Combine,
            "Groups the series by the values of the given tags and combines each group with an aggregation or a function such as sumSeries; results are named 'name;tag1=value1;...' with the common name tag (or the callback when names differ). Example: seriesByTag(\"name=cpu\")|groupByTags(\"average\",\"dc\")",
            [
                ParamSpec.SeriesListParam(),
                new("callback", ParamType.AggOrSeriesFunc) { Required = true },
                new("tags", ParamType.Tag) { Required = true, Multiple = true },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var callback = call.String("callback");
        var tags = call.Values("tags");
        var byName = tags.Any(t => t is "name");

        // With the name tag among the grouping tags every key starts with the series' own name; otherwise with
        // the name all series share, or the callback when they differ.
        var commonName = callback;
        if (!byName)
        {
            var names = seriesList.Select(s => NameTag(call, s)).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 1)
            {
                commonName = names[0];
            }
        }

        var keys = new List<string>();
        var groups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        foreach (var series in seriesList)
        {
            var pairs = tags
                .Where(tag => !byName || tag is not "name")
                .Select(tag => TagText(call, tag) + "=" + (series.Tags.TryGetValue(TagText(call, tag), out var value) ? value : string.Empty));
            var key = string.Join(';', PythonSort.SortedBy(pairs, p => p, PythonSort.Strings).Prepend(byName ? NameTag(call, series) : commonName));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                keys.Add(key);
            }

            group.Add(series);
        }

        var result = new List<TimeSeries>(keys.Count);
        foreach (var key in keys)
        {
            var combined = GroupByNodes.Combine(call, callback, groups[key]);
            combined.Name = key;
            combined.PathExpression = key;
            combined.Tags = ParseKey(call, key);
            result.Add(combined);
        }

        return result;
    }

    /// <summary>series.tags['name'], which graphite-web reads without a default.</summary>
    private static string NameTag(FunctionCall call, TimeSeries series)
        => series.Tags.TryGetValue("name", out var name) ? name : throw call.Error($"series {series.Name} has no name tag");

    /// <summary>A tag argument, which graphite-web concatenates as a string (anything else is a Python TypeError).</summary>
    private static string TagText(FunctionCall call, object? tag)
        => tag as string ?? throw call.Error($"tags must be strings, not {FunctionCall.Describe(tag)}");

    /// <summary>
    /// STORE.tagdb.parse(key).tags, which (unlike building a series) fails on an invalid key — typically a series
    /// without one of the tags, whose empty value graphite-web's tag parser rejects.
    /// </summary>
    private static OrderedDictionary<string, string> ParseKey(FunctionCall call, string key)
    {
        var tags = SeriesTags.Parse(key);

        // SeriesTags.Parse falls back to {name: key} when parsing fails; a parsed name never contains ';'.
        if (key.Contains(';', StringComparison.Ordinal) && tags.Count == 1 && tags["name"] == key)
        {
            throw call.Error($"cannot parse {key} as a tagged series name (a tag value is empty or invalid)");
        }

        return tags;
    }
}
