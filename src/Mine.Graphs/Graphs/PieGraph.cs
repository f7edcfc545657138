using System.Globalization;
using Mine.Graphs.Drawing;

namespace Mine.Graphs.Graphs;

/// <summary>One slice of a pie: its name and value (graphite-web's pie data, from a pie function or name:value).</summary>
public readonly record struct PieSlice(string Name, double Value);

/// <summary>
/// graphite-web's pie graph (glyph.py <c>PieGraph</c>): slices clockwise from twelve o'clock in the colour cycle,
/// a legend, and value labels (percent or number) halfway out, horizontal or rotated along the slice.
/// </summary>
public sealed class PieGraph(GraphParameters parameters, IReadOnlyList<PieSlice> data, TextMeasurer measurer, CancellationToken cancellation = default)
    : Graph(parameters, measurer, cancellation)
{
    private static readonly string[] ValidValueLabels = ["none", "number", "percent"];

    private readonly List<Slice> _slices = [];
    private double _x0;
    private double _y0;
    private double _radius;

    /// <summary>The slices drawn, with their share, colour and middle angle (radians).</summary>
    public IReadOnlyList<(string Name, double Value, double Percent, string Color, double MidAngle)> Slices
        => _slices.Select(static s => (s.Name, s.Value, s.Percent, s.Color, s.MidAngle)).ToList();

    public override void DrawGraph()
    {
        var pieLabels = Params.Text("pieLabels") ?? "horizontal";
        var total = data.Sum(static d => d.Value);
        if (data.Count == 0)
        {
            DrawNoData();
            return;
        }

        var alpha = 1.0;
        if (Params.Truthy("areaAlpha"))
        {
            try
            {
                alpha = Params.Number("areaAlpha", 1.0);
            }
            catch (GraphException)
            {
                alpha = 1.0;
            }
        }

        foreach (var (name, value) in data)
        {
            _slices.Add(new Slice(name, value, value / total, NextColor(), alpha));
        }

        var titleSize = DefaultFont.Size + Math.Floor(Math.Log(DefaultFont.Size));
        SetFont(titleSize);
        SetColor(ForegroundColor);
        if (Params.Truthy("title"))
        {
            DrawTitle(UnquotePlus(Params.Text("title")!));
        }

        SetFont();
        if (!Params.Truthy("hideLegend"))
        {
            DrawLegend(_slices.Select(static s => new LegendEntry(s.Name, s.Color, false)).ToList());
        }

        DrawSlices();

        var valueLabelsColor = Params.Truthy("valueLabelsColor") ? Params.Text("valueLabelsColor")! : "black";
        var valueLabelsMin = Params.Number("valueLabelsMin", 5);
        var valueLabels = Params.Text("valueLabels") ?? "percent";
        if (!ValidValueLabels.Contains(valueLabels))
        {
            throw new GraphException($"valueLabels={valueLabels} must be one of {string.Join(", ", ValidValueLabels)}");
        }

        if (valueLabels != "none")
        {
            DrawLabels(valueLabels, valueLabelsMin, valueLabelsColor, pieLabels);
        }
    }

    private void DrawSlices()
    {
        var theta = 3.0 * Math.PI / 2.0;
        var halfX = (Area.XMax - Area.XMin) / 2.0;
        var halfY = (Area.YMax - Area.YMin) / 2.0;
        _x0 = Area.XMin + halfX;
        _y0 = Area.YMin + halfY;
        _radius = Math.Min(halfX, halfY) * 0.95;
        foreach (var slice in _slices)
        {
            SetColor(slice.Color, slice.Alpha);
            Canvas.MoveTo(_x0, _y0);
            var phi = theta + (2 * Math.PI * slice.Percent);
            if (double.IsFinite(phi) && _radius > 0)
            {
                Canvas.Arc(_x0, _y0, _radius, theta, phi);
            }

            Canvas.LineTo(_x0, _y0);
            Canvas.Fill();
            slice.MidAngle = PythonMod((theta + phi) / 2.0, 2.0 * Math.PI);
            theta = phi;
        }
    }

    private void DrawLabels(string valueLabels, double valueLabelsMin, string color, string pieLabels)
    {
        SetFont();
        SetColor(color);
        foreach (var slice in _slices)
        {
            string label;
            if (valueLabels == "percent")
            {
                if (slice.Percent * 100.0 < valueLabelsMin)
                {
                    continue;
                }

                label = "%" + (slice.Percent * 100.0).ToString("F2", CultureInfo.InvariantCulture);
            }
            else
            {
                if (slice.Value < valueLabelsMin)
                {
                    continue;
                }

                label = slice.Value < 10 && slice.Value != Math.Truncate(slice.Value)
                    ? slice.Value.ToString("F2", CultureInfo.InvariantCulture)
                    : Math.Truncate(slice.Value).ToString("F0", CultureInfo.InvariantCulture);
            }

            var theta = slice.MidAngle;
            var x = _x0 + (_radius / 2.0 * Math.Cos(theta));
            var y = _y0 + (_radius / 2.0 * Math.Sin(theta));
            if (pieLabels == "rotated")
            {
                if (theta > Math.PI / 2.0 && theta <= 3.0 * Math.PI / 2.0)
                {
                    theta -= Math.PI;
                }

                DrawText(label, x, y, align: "center", valign: "middle", rotate: theta * 180.0 / Math.PI);
            }
            else
            {
                DrawText(label, x, y, align: "center", valign: "middle");
            }
        }
    }

    private static double PythonMod(double a, double b)
    {
        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    private sealed class Slice(string name, double value, double percent, string color, double alpha)
    {
        public string Name { get; } = name;

        public double Value { get; } = value;

        public double Percent { get; } = percent;

        public string Color { get; } = color;

        public double Alpha { get; } = alpha;

        public double MidAngle { get; set; }
    }
}
