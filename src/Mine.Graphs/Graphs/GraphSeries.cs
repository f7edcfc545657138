using Mine.Query.Series;

namespace Mine.Graphs.Graphs;

/// <summary>
/// A series as the line graph draws it: the render result plus what glyph.py hangs on it while drawing (its
/// colour and the pixels between its points). Drawing options are the series' own (<see cref="TimeSeries.Options"/>),
/// which the Graph functions (color, dashed, stacked, secondYAxis, ...) set.
/// </summary>
public sealed class GraphSeries
{
    public GraphSeries(TimeSeries series)
    {
        Series = series;
        if (series.Options.TryGetValue("color", out var color) && color is string text)
        {
            Color = text;
        }
    }

    public TimeSeries Series { get; }

    public string Name => Series.Name;

    public long Start => Series.Start;

    public long End => Series.End;

    public long Step => Series.Step;

    public Dictionary<string, object> Options => Series.Options;

    /// <summary>The colour name or hex given by color() or the colour cycle.</summary>
    public string? Color { get; set; }

    /// <summary>Pixels between consecutive drawn points.</summary>
    public double XStep { get; set; }

    public bool Has(string option) => Series.Options.ContainsKey(option);

    /// <summary>An option's numeric value (lineWidth, dashed, alpha).</summary>
    public double? Number(string option)
        => Series.Options.TryGetValue(option, out var value) ? value switch
        {
            double d => d,
            long l => l,
            int i => i,
            bool b => b ? 1 : 0,
            _ => null,
        } : null;

    /// <summary>The values drawn: consolidated to the graph's pixel columns.</summary>
    public double[] Points() => Series.GetPoints();
}
