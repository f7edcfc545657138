using Mine.Compat.GraphiteWeb;
using Mine.Graphs.Drawing;
using Mine.Query.Series;

namespace Mine.Graphs.Graphs;

/// <summary>
/// graphite-web's line graph (glyph.py <c>LineGraph</c>), step by step: title, vertical titles, legend, the y
/// axes (one or two) squeezed in beside their labels, the data consolidated to the pixel columns left, x labels,
/// grid, then the lines, areas and stacks. Split by concern: axes, labels and grid, lines.
/// </summary>
public sealed partial class LineGraph : Graph
{
    /// <summary>graphite-web's LEGEND_MAX_ITEMS: beyond this many series the legend is dropped unless asked for.</summary>
    public const int LegendMaxItems = 10;

    private static readonly string[] ValidLineModes = ["staircase", "slope", "connected"];
    private static readonly string[] ValidAreaModes = ["none", "first", "all", "stacked"];
    private static readonly string[] ValidPieModes = ["maximum", "minimum", "average"];

    private readonly TimeZoneInfo _timeZone;
    private List<GraphSeries> _data;
    private readonly List<GraphSeries> _dataLeft = [];
    private readonly List<GraphSeries> _dataRight = [];
    private double? _logBase;
    private readonly int _minorY;

    public LineGraph(GraphParameters parameters, IReadOnlyList<TimeSeries> data, TimeZoneInfo timeZone, TextMeasurer measurer, CancellationToken cancellation = default)
        : base(parameters, measurer, cancellation)
    {
        _data = data.Select(static s => new GraphSeries(s)).ToList();
        _timeZone = timeZone;
        _minorY = parameters.Integer("minorY", 1);
        if (_minorY > GraphLimits.MaxMinorY)
        {
            throw new GraphException($"minorY={_minorY} draws too many grid lines; at most {GraphLimits.MaxMinorY} between two labels (GraphLimits.MaxMinorY)");
        }
        if (parameters.Get("logBase") is { } logBase)
        {
            if (logBase is string s && s == "e")
            {
                _logBase = Math.E;
            }
            else
            {
                var value = parameters.Number("logBase", 0);
                if (value < 1)
                {
                    // glyph.py ignores a base below one.
                    parameters.Remove("logBase");
                }
                else
                {
                    _logBase = value;
                }
            }
        }
    }

    /// <summary>The series drawn, in drawing order (stacked first), after drawing.</summary>
    public IReadOnlyList<GraphSeries> Data => _data;

    public bool SecondYAxis { get; private set; }

    protected override bool SecondYAxisInUse => SecondYAxis;

    public double LineWidth { get; private set; } = 1.2;

    public string LineMode { get; private set; } = "slope";

    public string AreaMode { get; private set; } = "none";

    /// <summary>First and last drawn timestamp; null when there was nothing to draw.</summary>
    public long? StartTime { get; private set; }

    public long EndTime { get; private set; }

    private long TimeRange => EndTime - StartTime!.Value;

    public override void DrawGraph()
    {
        long timeRange = 0;
        if (_data.Count > 0)
        {
            timeRange = _data.Max(static s => s.End) - _data.Min(static s => s.Start);
        }

        if (timeRange == 0)
        {
            DrawNoData();
            return;
        }

        foreach (var series in _data)
        {
            (series.Has("secondYAxis") ? _dataRight : _dataLeft).Add(series);
        }

        SecondYAxis = _dataRight.Count > 0;
        ApplyCompatibilityOptions();
        ReadLineOptions();

        foreach (var series in _data)
        {
            series.Color ??= NextColor();
        }

        var titleSize = DefaultFont.Size + Math.Floor(Math.Log(DefaultFont.Size));
        SetFont(titleSize);
        SetColor(ForegroundColor);
        if (Params.Truthy("title"))
        {
            DrawTitle(UnquotePlus(Params.Text("title")!));
        }

        if (Params.Truthy("vtitle"))
        {
            DrawVTitle(UnquotePlus(Params.Text("vtitle")!));
        }

        if (SecondYAxis && Params.Truthy("vtitleRight"))
        {
            DrawVTitle(UnquotePlus(Params.Text("vtitleRight")!), rightAlign: true);
        }

        SetFont();
        if (!Params.Truthy("hideLegend", _data.Count > LegendMaxItems))
        {
            var hideNull = Params.Truthy("hideNullFromLegend");
            var elements = new List<LegendEntry>();
            foreach (var series in _data)
            {
                if (series.Name.Length > 0 && !(hideNull && Array.TrueForAll(series.Points(), double.IsNaN)))
                {
                    elements.Add(new LegendEntry(UnquotePlus(series.Name), series.Color!, series.Has("secondYAxis")));
                }
            }

            if (elements.Count > 0)
            {
                DrawLegend(elements, Params.Truthy("uniqueLegend"));
            }
        }

        // Room for the x labels under the plot.
        if (!Params.Truthy("hideAxes") && !Params.Truthy("hideXAxis"))
        {
            Area.YMax -= Canvas.Extents().Ascent * 2;
        }

        StartTime = _data.Min(static s => s.Start);
        EndTime = LineMode == "staircase" ? _data.Max(static s => s.End) : _data.Max(static s => s.End - s.Step);

        ConsolidateDataPoints();
        EncodeHeader("axes");

        // The y labels may need more room, which changes the consolidation, which may change the labels: repeat
        // until the plot's left and right edges stay put.
        var currentXMin = Area.XMin;
        var currentXMax = Area.XMax;
        SetupYAxes();
        var rounds = 0;
        while ((currentXMin != Area.XMin || currentXMax != Area.XMax) && rounds++ < 100)
        {
            ConsolidateDataPoints();
            currentXMin = Area.XMin;
            currentXMax = Area.XMax;
            SetupYAxes();
        }

        SetupXAxis();
        if (!Params.Truthy("hideAxes"))
        {
            DrawLabels();
            if (!Params.Truthy("hideGrid"))
            {
                EncodeHeader("grid");
                DrawGridLines();
            }
        }

        EncodeHeader("lines");
        DrawLines();
    }

    /// <summary>graphOnly, min/max, thickness and the unit system, as glyph.py rewrites them.</summary>
    private void ApplyCompatibilityOptions()
    {
        if (Params.Truthy("graphOnly"))
        {
            Params.Set("hideLegend", true);
            Params.Set("hideGrid", true);
            Params.Set("hideAxes", true);
            Params.Set("hideXAxis", false);
            Params.Set("hideYAxis", false);
            Params.Set("yAxisSide", "left");
            Params.Set("title", "");
            Params.Set("vtitle", "");
            Params.Set("margin", 0L);
            Params.Set("tz", "");
            Margin = 0;
            Area.XMin = 0;
            Area.XMax = Width;
            Area.YMin = 0;
            Area.YMax = Height;
        }

        if (!Params.Has("yMin") && Params.Get("min") is { } min)
        {
            Params.Set("yMin", min);
        }

        if (!Params.Has("yMax") && Params.Get("max") is { } max)
        {
            Params.Set("yMax", max);
        }

        if (!Params.Has("lineWidth") && Params.Get("thickness") is { } thickness)
        {
            Params.Set("lineWidth", thickness);
        }

        if (!Params.Has("yAxisSide"))
        {
            Params.Set("yAxisSide", "left");
        }

        var unitSystem = Params.Text("yUnitSystem")?.ToLowerInvariant();
        Params.Set("yUnitSystem", unitSystem is not null && UnitFormat.IsSystem(unitSystem) ? unitSystem : "si");

        if (SecondYAxis)
        {
            // Two axes always put the left one on the left.
            Params.Set("yAxisSide", "left");
        }

        if (Params.Text("yAxisSide") == "right")
        {
            // Positions are then measured back from the right edge.
            Margin = Width;
        }
    }

    private void ReadLineOptions()
    {
        LineWidth = Params.Number("lineWidth", 1.2);
        if (!(LineWidth >= 0) || LineWidth > 100)
        {
            throw new GraphException($"lineWidth={LineWidth} must be between 0 and 100");
        }

        LineMode = (Params.Text("lineMode") ?? "slope").ToLowerInvariant();
        if (!ValidLineModes.Contains(LineMode))
        {
            throw new GraphException($"lineMode={LineMode} is not one of {string.Join(", ", ValidLineModes)}");
        }

        AreaMode = (Params.Text("areaMode") ?? "none").ToLowerInvariant();
        if (!ValidAreaModes.Contains(AreaMode))
        {
            throw new GraphException($"areaMode={AreaMode} is not one of {string.Join(", ", ValidAreaModes)}");
        }

        var pieMode = (Params.Text("pieMode") ?? "maximum").ToLowerInvariant();
        if (!ValidPieModes.Contains(pieMode))
        {
            throw new GraphException($"pieMode={pieMode} is not one of {string.Join(", ", ValidPieModes)}");
        }

        // A slope needs two points: with a one-point series the whole graph is drawn as staircase.
        if (LineMode == "slope" && _data.Any(static s => s.Series.Values.Length == 1))
        {
            LineMode = "staircase";
        }

        if (SecondYAxis)
        {
            foreach (var series in _data)
            {
                var side = series.Has("secondYAxis") ? "right" : "left";
                if (Params.Has(side + "Width"))
                {
                    series.Options["lineWidth"] = Params.Number(side + "Width", 1.2);
                }

                if (Params.Get(side + "Dashed") is { } dashed)
                {
                    series.Options["dashed"] = dashed;
                }

                if (Params.Text(side + "Color") is { } color)
                {
                    series.Color = color;
                }
            }
        }
    }
}
