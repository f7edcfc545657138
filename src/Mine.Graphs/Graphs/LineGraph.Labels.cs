using Mine.Compat.Python;
using Mine.Graphs.Layout;

namespace Mine.Graphs.Graphs;

/// <summary>The line graph's vertical titles, axis labels and grid lines.</summary>
public sealed partial class LineGraph
{
    private void DrawVTitle(string text, bool rightAlign = false)
    {
        var lineHeight = Canvas.Extents().Height;
        if (rightAlign)
        {
            EncodeHeader("vtitleRight");
            var x = Area.XMax - lineHeight;
            var y = Height / 2.0;
            foreach (var line in text.Split('\n'))
            {
                DrawText(line, x, y, align: "center", valign: "baseline", rotate: 90);
                x -= lineHeight;
            }

            Area.XMax = x - Margin - lineHeight;
        }
        else
        {
            EncodeHeader("vtitle");
            var x = Area.XMin + lineHeight;
            var y = Height / 2.0;
            foreach (var line in text.Split('\n'))
            {
                DrawText(line, x, y, align: "center", valign: "baseline", rotate: 270);
                x += lineHeight;
            }

            Area.XMin = x + Margin + lineHeight;
        }
    }

    private void DrawLabels()
    {
        if (!Params.Truthy("hideYAxis"))
        {
            if (!SecondYAxis)
            {
                var axis = Y!;
                var leftSide = Params.Text("yAxisSide") == "left";
                for (var i = 0; i < axis.LabelValues.Count; i++)
                {
                    var x = leftSide ? Area.XMin - (axis.LabelWidth * 0.02) : Area.XMax + (axis.LabelWidth * 0.02);
                    var y = GetYCoord(axis.LabelValues[i]);
                    if (y is null)
                    {
                        // glyph.py goes on and fails on the missing coordinate; a log axis never labels values <= 0.
                        continue;
                    }

                    DrawText(axis.Labels[i], x, Math.Max(0, y.Value), align: leftSide ? "right" : "left", valign: "middle");
                }
            }
            else
            {
                var left = YLeft!;
                for (var i = 0; i < left.LabelValues.Count; i++)
                {
                    if (GetYCoord(left.LabelValues[i], "left") is { } y)
                    {
                        DrawText(left.Labels[i], Area.XMin - (left.LabelWidth * 0.02), Math.Max(0, y), align: "right", valign: "middle");
                    }
                }

                var right = YRight!;
                for (var i = 0; i < right.LabelValues.Count; i++)
                {
                    if (GetYCoord(right.LabelValues[i], "right") is { } y)
                    {
                        DrawText(right.Labels[i], Area.XMax + (right.LabelWidth * 0.02) + 3, Math.Max(0, y), align: "left", valign: "middle");
                    }
                }
            }
        }

        if (!Params.Truthy("hideXAxis"))
        {
            var config = XConfig!;
            var (dt, delta) = TimeTicks.Find(_startWall, config.LabelUnit, config.LabelStep);
            var format = Params.Text("xFormat") ?? config.Format;
            var zoneName = ZoneAbbreviation();
            XLabels.Clear();
            while (dt < _endWall)
            {
                Canvas.CheckCancellation();
                var label = PythonStrftime.Format(format, dt, _utcOffset, zoneName);
                var x = XCoord(dt);
                var y = Area.YMax + Canvas.Extents().Ascent;
                DrawText(label, x, y, align: "center", valign: "top");
                XLabels.Add((label, x));
                dt += delta;
            }
        }
    }

    /// <summary>The x labels drawn and their pixel columns.</summary>
    public List<(string Label, double X)> XLabels { get; } = [];

    private string ZoneAbbreviation()
    {
        if (_utcOffset == TimeSpan.Zero && (_timeZone == TimeZoneInfo.Utc || _timeZone.Id is "UTC" or "Etc/UTC"))
        {
            return "UTC";
        }

        // .NET has no zone abbreviations; print the offset the way tzdata does for zones without one (+0530).
        var sign = _utcOffset < TimeSpan.Zero ? "-" : "+";
        var abs = _utcOffset.Duration();
        return abs.Minutes == 0 ? $"{sign}{abs.Hours:00}" : $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }

    private void DrawGridLines()
    {
        var leftSide = Area.XMin;
        var rightSide = Area.XMax;
        // With two axes the grid follows the left one.
        var axis = SecondYAxis ? YLeft! : Y!;
        var side = SecondYAxis ? "left" : null;
        var labels = axis.LabelValues;
        var majorColor = Params.Text("majorGridLineColor") ?? DefaultMajorGridLineColor;
        var minorColor = Params.Text("minorGridLineColor") ?? DefaultMinorGridLineColor;

        for (var i = 0; i < labels.Count; i++)
        {
            var value = labels[i];
            Canvas.LineWidth = 0.4;
            SetColor(majorColor);
            var y = GetYCoord(value, side);
            if (y is null || y < 0)
            {
                continue;
            }

            Canvas.MoveTo(leftSide, y.Value);
            Canvas.LineTo(rightSide, y.Value);
            Canvas.Stroke();

            // Minor lines between this label and the next, minorY of them.
            if (_minorY >= 1 && i < labels.Count - 1)
            {
                var lower = Math.Min(value, labels[i + 1]);
                var upper = Math.Max(value, labels[i + 1]);
                var distance = (upper - lower) / (1 + _minorY);
                for (var minor = 0; minor < _minorY; minor++)
                {
                    Canvas.CheckCancellation();
                    Canvas.LineWidth = 0.3;
                    SetColor(minorColor);
                    var minorValue = lower + ((1 + minor) * distance);
                    var topFactor = _logBase is { } b ? b * b : 1;
                    if (minorValue >= topFactor * axis.Top)
                    {
                        continue;
                    }

                    var minorY = GetYCoord(minorValue, side);
                    if (minorY is null || minorY < 0)
                    {
                        continue;
                    }

                    Canvas.MoveTo(leftSide, minorY.Value);
                    Canvas.LineTo(rightSide, minorY.Value);
                    Canvas.Stroke();
                }
            }
        }

        var top = Area.YMin;
        var bottom = Area.YMax;
        var config = XConfig!;

        // Minor vertical lines first; the major ones paint over them.
        Canvas.LineWidth = 0.25;
        SetColor(minorColor);
        DrawVerticalLines(config.MinorGridUnit, config.MinorGridStep, top, bottom);

        Canvas.LineWidth = 0.33;
        SetColor(majorColor);
        DrawVerticalLines(config.MajorGridUnit, config.MajorGridStep, top, bottom);

        // The plot's side borders.
        Canvas.LineWidth = 0.5;
        Canvas.MoveTo(Area.XMax, bottom);
        Canvas.LineTo(Area.XMax, top);
        Canvas.MoveTo(Area.XMin, bottom);
        Canvas.LineTo(Area.XMin, top);
        Canvas.Stroke();
    }

    private void DrawVerticalLines(TimeUnit unit, double step, double top, double bottom)
    {
        var (dt, delta) = TimeTicks.Find(_startWall, unit, step);
        while (dt < _endWall)
        {
            Canvas.CheckCancellation();
            var x = XCoord(dt);
            if (x < Area.XMax)
            {
                Canvas.MoveTo(x, bottom);
                Canvas.LineTo(x, top);
                Canvas.Stroke();
            }

            dt += delta;
        }
    }
}
