using Mine.Graphs.Drawing;
using Mine.Query.Series;

namespace Mine.Graphs.Graphs;

/// <summary>
/// Drawing the series (glyph.py drawLines): stacking, area alpha, the clip to the plot, and per series its pen,
/// gaps, line mode, drawAsInfinite and the filled areas that clip everything drawn after them.
/// </summary>
public sealed partial class LineGraph
{
    private void DrawLines()
    {
        var originalWidth = LineWidth;
        Canvas.LineWidth = LineWidth;
        Canvas.SetDash(null);
        Canvas.LineCap = LineCap.Butt;
        Canvas.LineJoin = LineJoin.Miter;

        // Stacked series are drawn first.
        if (_data.Any(static s => s.Has("stacked")))
        {
            _data = [.. _data.Where(static s => s.Has("stacked")), .. _data.Where(static s => !s.Has("stacked"))];
        }

        StackValues();

        if (Params.Truthy("areaAlpha"))
        {
            double alpha;
            try
            {
                alpha = Params.Number("areaAlpha", 0.5);
            }
            catch (GraphException)
            {
                // glyph.py: an areaAlpha that is no number means 0.5.
                alpha = 0.5;
            }
            var strokeSeries = new List<GraphSeries>();
            foreach (var series in _data)
            {
                if (!series.Has("stacked"))
                {
                    continue;
                }

                series.Options["alpha"] = alpha;
                // The outline of a translucent area is drawn again, opaque, on top.
                var outline = new TimeSeries(series.Name, series.Start, series.End, series.Step * series.Series.ValuesPerPoint, series.Points());
                if (series.Has("secondYAxis"))
                {
                    outline.Options["secondYAxis"] = true;
                }

                strokeSeries.Add(new GraphSeries(outline) { XStep = series.XStep, Color = series.Color });
            }

            _data.AddRange(strokeSeries);
        }

        // Everything is clipped to the plot.
        Canvas.LineWidth = 1.0;
        Canvas.Rectangle(Area.XMin, Area.YMin, Area.XMax - Area.XMin, Area.YMax - Area.YMin);
        Canvas.Clip();
        Canvas.LineWidth = originalWidth;

        // Stacked areas narrow the clip so each draws above the last; the first unstacked series lifts that.
        Canvas.Save();
        var clipRestored = false;
        foreach (var series in _data)
        {
            if (!series.Has("stacked") && !clipRestored)
            {
                clipRestored = true;
                Canvas.Restore();
            }

            DrawSeries(series, originalWidth);
        }
    }

    /// <summary>areaMode: stacked adds each series onto the ones before it; first/all mark areas to fill.</summary>
    private void StackValues()
    {
        if (AreaMode == "stacked" && !SecondYAxis)
        {
            var total = new List<double>();
            foreach (var series in _data)
            {
                if (series.Has("drawAsInfinite"))
                {
                    continue;
                }

                series.Options["stacked"] = true;
                var values = series.Series.Values;
                for (var i = 0; i < values.Length; i++)
                {
                    if (total.Count <= i)
                    {
                        total.Add(0);
                    }

                    if (!double.IsNaN(values[i]))
                    {
                        var original = values[i];
                        values[i] += total[i];
                        total[i] += original;
                    }
                }
            }
        }
        else if (AreaMode == "first")
        {
            _data[0].Options["stacked"] = true;
        }
        else if (AreaMode == "all")
        {
            foreach (var series in _data.Where(static s => !s.Has("drawAsInfinite")))
            {
                series.Options["stacked"] = true;
            }
        }
    }

    private string? Side(GraphSeries series) => SecondYAxis ? (series.Has("secondYAxis") ? "right" : "left") : null;

    private void DrawSeries(GraphSeries series, double originalWidth)
    {
        // Widths and dashes from lineWidth()/dashed() or leftWidth/rightWidth: a line wider than the picture looks
        // the same as one as wide as it, and dashes shorter than half a pixel cannot be seen but would make the
        // rasteriser cut the line into billions of pieces.
        if (series.Number("lineWidth") is { } width)
        {
            Canvas.LineWidth = double.IsNaN(width) ? originalWidth : Math.Clamp(width, 0, Width + Height);
        }

        if (series.Number("dashed") is { } dash)
        {
            Canvas.SetDash([double.IsNaN(dash) ? 0.5 : Math.Clamp(dash, 0.5, Width + Height)]);
        }
        else
        {
            Canvas.SetDash(null);
        }

        // A series starting later than the graph starts further right.
        var missingPoints = (double)(series.Start - StartTime!.Value) / series.Step;
        var startShift = series.XStep * (missingPoints / Math.Max(1, series.Series.ValuesPerPoint));
        var x = Area.XMin + startShift + (LineWidth / 2.0);
        var y = Area.YMin;
        var startX = x;

        if (series.Has("invisible"))
        {
            SetColor(series.Color!, 0, forceAlpha: true);
        }
        else
        {
            var alpha = series.Number("alpha") is { } a && a != 0 ? a : 1.0;
            SetColor(series.Color!, alpha);
        }

        var side = Side(series);
        var stacked = series.Has("stacked");
        var drawAsInfinite = series.Has("drawAsInfinite");
        var drawNullAsZero = Params.Truthy("drawNullAsZero");
        var connectedLimit = Params.Has("connectedLimit") ? Params.Number("connectedLimit", double.PositiveInfinity) : double.PositiveInfinity;
        var consecutiveNones = 0;
        var points = series.Points();
        for (var index = 0; index < points.Length; index++)
        {
            Canvas.CheckCancellation();
            double? value = double.IsNaN(points[index]) ? null : points[index];
            if (value is null && drawNullAsZero)
            {
                value = 0.0;
            }

            if (value is null)
            {
                if (consecutiveNones == 0)
                {
                    Canvas.LineTo(x, y);
                    if (stacked)
                    {
                        // Close and fill the area before the gap.
                        FillAreaAndClip(x, startX, GetYCoord(0, side));
                    }
                }

                x += series.XStep;
                consecutiveNones++;
                continue;
            }

            var yCoord = GetYCoord(value.Value, side);
            if (yCoord is null)
            {
                value = null;
            }
            else
            {
                y = Math.Max(0, yCoord.Value);
            }

            if (drawAsInfinite && value > 0)
            {
                Canvas.MoveTo(x, Area.YMax);
                Canvas.LineTo(x, Area.YMin);
                Canvas.Stroke();
                x += series.XStep;
                continue;
            }

            if (consecutiveNones > 0)
            {
                startX = x;
            }

            switch (LineMode)
            {
                case "staircase":
                    if (consecutiveNones > 0)
                    {
                        Canvas.MoveTo(x, y);
                    }
                    else
                    {
                        Canvas.LineTo(x, y);
                    }

                    x += series.XStep;
                    Canvas.LineTo(x, y);
                    break;
                case "slope":
                    if (consecutiveNones > 0)
                    {
                        Canvas.MoveTo(x, y);
                    }

                    Canvas.LineTo(x, y);
                    x += series.XStep;
                    break;
                default:
                    // connected: bridge gaps up to connectedLimit points; start at the first value.
                    if (consecutiveNones > connectedLimit || consecutiveNones == index)
                    {
                        Canvas.MoveTo(x, y);
                    }

                    Canvas.LineTo(x, y);
                    x += series.XStep;
                    break;
            }

            consecutiveNones = 0;
        }

        if (stacked)
        {
            var xPos = LineMode == "staircase" ? x : x - series.XStep;
            FillAreaAndClip(xPos, startX, GetYCoord(0, side));
        }
        else
        {
            Canvas.Stroke();
        }

        Canvas.LineWidth = originalWidth;
    }

    /// <summary>
    /// Fills from the path down (or up) to the zero line, then narrows the clip to what lies beyond this area, so
    /// the next stacked series only paints above it (glyph.py fillAreaAndClip).
    /// </summary>
    private void FillAreaAndClip(double x, double startX, double? areaYFrom)
    {
        // glyph.py's "startX or xmin" and "areaYFrom or ymax": zero counts as missing too.
        var fromX = startX != 0 ? startX : Area.XMin;
        var fromY = areaYFrom is { } a && a != 0 ? a : Area.YMax;
        var pattern = Canvas.CopyPath();

        Canvas.LineTo(x, fromY);
        Canvas.LineTo(fromX, fromY);
        Canvas.ClosePath();
        Canvas.Fill();

        Canvas.AppendPath(pattern);
        // Above the zero line...
        Canvas.LineTo(x, fromY);
        Canvas.LineTo(Area.XMax, fromY);
        Canvas.LineTo(Area.XMax, Area.YMin);
        Canvas.LineTo(Area.XMin, Area.YMin);
        Canvas.LineTo(Area.XMin, fromY);
        Canvas.LineTo(fromX, fromY);
        // ...and below it.
        Canvas.LineTo(x, fromY);
        Canvas.LineTo(Area.XMax, fromY);
        Canvas.LineTo(Area.XMax, Area.YMax);
        Canvas.LineTo(Area.XMin, Area.YMax);
        Canvas.LineTo(Area.XMin, fromY);
        Canvas.LineTo(fromX, fromY);
        Canvas.ClosePath();
        Canvas.Clip();
    }
}
