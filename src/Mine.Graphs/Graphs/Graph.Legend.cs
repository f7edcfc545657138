namespace Mine.Graphs.Graphs;

/// <summary>One legend entry: the series name, its colour and whether it belongs to the right-hand axis.</summary>
public readonly record struct LegendEntry(string Name, string Color, bool RightSide);

public abstract partial class Graph
{
    /// <summary>The title centred at the top, one line per \n; the plot area starts below it.</summary>
    protected void DrawTitle(string text)
    {
        EncodeHeader("title");
        var y = Area.YMin;
        var x = Width / 2.0;
        var lineHeight = Canvas.Extents().Height;
        foreach (var line in text.Split('\n'))
        {
            DrawText(line, x, y, align: "center");
            y += lineHeight;
        }

        Area.YMin = Params.Text("yAxisSide") == "right" ? y : y + Margin;
    }

    /// <summary>
    /// The legend under the plot (glyph.py drawLegend): a colour box and the name per entry, in as many columns as
    /// the longest name allows; with a right-hand axis its entries are listed from the right.
    /// </summary>
    protected void DrawLegend(IReadOnlyList<LegendEntry> elements, bool unique = false)
    {
        EncodeHeader("legend");
        if (unique)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            elements = elements.Where(e => seen.Add(e.Name)).ToList();
        }

        if (elements.Count > GraphLimits.MaxLegendItems)
        {
            throw new GraphException($"the legend would list {elements.Count} entries; at most {GraphLimits.MaxLegendItems} are drawn (GraphLimits.MaxLegendItems): leave hideLegend alone (graphite-web hides legends of more than {LineGraph.LegendMaxItems}) or narrow the targets");
        }

        var padding = 5.0;
        // The last of the longest names, as Python's stable sort by length leaves it.
        var longestName = elements[0].Name;
        foreach (var element in elements)
        {
            if (element.Name.Length >= longestName.Length)
            {
                longestName = element.Name;
            }
        }

        var testExtents = Canvas.Extents();
        var testBoxSize = testExtents.Height - 1;
        var testWidth = Canvas.TextWidth(longestName + " " + longestName) + (2 * (testBoxSize + padding));
        var rightSideLabels = testWidth + 50 < Width;

        var extents = Canvas.Extents();
        var boxSize = extents.Height - 1;
        var lineHeight = extents.Height + 1;
        var labelWidth = Canvas.TextWidth(longestName) + (2 * (boxSize + padding));
        Canvas.LineWidth = 1.0;
        if (SecondYAxisInUse && rightSideLabels)
        {
            var columns = Math.Max(1, Math.Floor((Width - Area.XMin) / labelWidth));
            var numRight = elements.Count(e => e.RightSide);
            var numberOfLines = Math.Max(elements.Count - numRight, numRight);
            columns = Math.Max(1, Math.Floor(columns / 2.0));
            var legendHeight = (Math.Max(1, numberOfLines / columns) * lineHeight) + padding;
            Area.YMax -= legendHeight;
            var x = Area.XMin;
            var y = Area.YMax + (2 * padding);
            var n = 0;
            var xRight = Area.XMax - Area.XMin;
            var yRight = y;
            var nRight = 0;
            foreach (var (name, color, rightSide) in elements)
            {
                SetColor(color);
                if (rightSide)
                {
                    nRight++;
                    DrawLegendBox(xRight - padding, yRight, boxSize, color);
                    DrawText(name, xRight - boxSize, yRight, align: "right");
                    xRight -= labelWidth;
                    if (nRight % columns == 0)
                    {
                        xRight = Area.XMax - Area.XMin;
                        yRight += lineHeight;
                    }
                }
                else
                {
                    n++;
                    DrawLegendBox(x, y, boxSize, color);
                    DrawText(name, x + boxSize + padding, y, align: "left");
                    x += labelWidth;
                    if (n % columns == 0)
                    {
                        x = Area.XMin;
                        y += lineHeight;
                    }
                }
            }
        }
        else
        {
            var columns = Math.Max(1, Math.Floor(Width / labelWidth));
            var numberOfLines = Math.Ceiling(elements.Count / columns);
            var legendHeight = (numberOfLines * lineHeight) + padding;
            Area.YMax -= legendHeight;
            var x = Area.XMin;
            var y = Area.YMax + (2 * padding);
            for (var i = 0; i < elements.Count; i++)
            {
                var (name, color, rightSide) = elements[i];
                if (rightSide)
                {
                    DrawLegendBox(x + labelWidth + padding, y, boxSize, color);
                    DrawText(name, x + labelWidth, y, align: "right");
                    x += labelWidth;
                }
                else
                {
                    DrawLegendBox(x, y, boxSize, color);
                    DrawText(name, x + boxSize + padding, y, align: "left");
                    x += labelWidth;
                }

                if ((i + 1) % columns == 0)
                {
                    x = Area.XMin;
                    y += lineHeight;
                }
            }
        }
    }

    /// <summary>True when some series is drawn against the right-hand axis (line graphs only).</summary>
    protected virtual bool SecondYAxisInUse => false;

    /// <summary>A filled colour box with a dark grey border; leaves the foreground colour set for the name.</summary>
    private void DrawLegendBox(double x, double y, double size, string color)
    {
        SetColor(color);
        DrawRectangle(x, y, size, size);
        SetColor("darkgrey");
        DrawRectangle(x, y, size, size, fill: false);
        SetColor(ForegroundColor);
    }
}
