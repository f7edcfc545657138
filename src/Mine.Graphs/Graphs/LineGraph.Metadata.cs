using Mine.Compat.Python;

namespace Mine.Graphs.Graphs;

/// <summary>The metadata graphite-web embeds in its SVG (glyph.py output): time span, axes, area and series.</summary>
public sealed partial class LineGraph
{
    /// <summary>
    /// <c>{"x": {start, end}, "options": {lineWidth}, "font": {...}, "area": {...}, "series": [...], "y": {...}}</c>;
    /// "y" only with a single axis, series without the stacked ones (their values are sums), data as drawn.
    /// An empty object when nothing was drawn.
    /// </summary>
    public string MetadataJson()
    {
        if (StartTime is null)
        {
            return "{}";
        }

        var members = new List<KeyValuePair<string, object?>>
        {
            new("x", Map(("start", StartTime.Value), ("end", EndTime))),
            new("options", Map(("lineWidth", LineWidth))),
            new("font", Map(("name", DefaultFont.Name), ("size", (long)DefaultFont.Size), ("bold", DefaultFont.Bold), ("italic", DefaultFont.Italic))),
            new("area", Map(("xmin", Area.XMin), ("xmax", Area.XMax), ("ymin", Area.YMin), ("ymax", Area.YMax))),
            new("series", _data.Where(static s => !s.Has("stacked")).Select(static s => Map(
                ("name", s.Name),
                ("start", s.Start),
                ("end", s.End),
                ("step", s.Step),
                ("valuesPerPoint", (long)s.Series.ValuesPerPoint),
                ("color", s.Color),
                ("data", s.Series.Values),
                ("options", s.Options.Where(static o => o.Key != "color").Select(static o => new KeyValuePair<string, object?>(o.Key, o.Value)).ToList()))).ToList()),
        };

        if (!SecondYAxis && Y is { } y)
        {
            members.Add(new("y", Map(("top", y.Top), ("bottom", y.Bottom), ("step", y.Step), ("labels", y.Labels), ("labelValues", y.LabelValues))));
        }

        return PythonJsonWriter.Dumps(members);
    }

    private static List<KeyValuePair<string, object?>> Map(params (string Key, object? Value)[] members)
        => members.Select(static m => new KeyValuePair<string, object?>(m.Key, m.Value)).ToList();
}
