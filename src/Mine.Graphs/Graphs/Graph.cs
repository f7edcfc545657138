using Mine.Graphs.Drawing;

namespace Mine.Graphs.Graphs;

/// <summary>
/// What line and pie graphs share (glyph.py <c>Graph</c>): size and margin, template colours and font, the colour
/// cycle, the background, text placement, the title and the legend. Subclasses lay out and draw their data in
/// <see cref="DrawGraph"/>; everything is recorded on a <see cref="GraphCanvas"/>, so one layout feeds PNG and SVG.
/// </summary>
public abstract partial class Graph
{
    private readonly IEnumerator<string> _colors;

    /// <param name="parameters">The request's graph options.</param>
    /// <param name="measurer">Text metrics of the fonts.</param>
    /// <param name="cancellation">Stops drawing (the request's time limit); checked as operations are recorded.</param>
    protected Graph(GraphParameters parameters, TextMeasurer measurer, CancellationToken cancellation = default)
    {
        Params = parameters;
        Width = Math.Clamp(parameters.Integer("width", 200), 1, MaxSize);
        Height = Math.Clamp(parameters.Integer("height", 200), 1, MaxSize);
        if ((long)Width * Height > MaxPixels)
        {
            throw new GraphException($"width x height is {(long)Width * Height:N0} pixels; at most {MaxPixels:N0} (4096 x 4096) are drawn");
        }
        Margin = parameters.Integer("margin", 10);
        if (Margin < 0)
        {
            Margin = 10;
        }

        Scene = new Scene(Width, Height, cancellation);
        Canvas = new GraphCanvas(Scene, measurer);
        Area = new GraphArea { XMin = Margin + 10, XMax = Width - Margin, YMin = Margin, YMax = Height - Margin };

        var template = GraphTemplate.Find(parameters.Text("template"));
        DefaultMajorGridLineColor = template.MajorLine;
        DefaultMinorGridLineColor = template.MinorLine;
        DefaultFont = new FontSpec(
            parameters.Text("fontName") ?? template.FontName,
            parameters.Has("fontSize") ? parameters.Integer("fontSize", 10) : (int)template.FontSize,
            parameters.Truthy("fontBold", template.FontBold),
            parameters.Truthy("fontItalic", template.FontItalic));
        if (DefaultFont.Size is <= 0 or > GraphLimits.MaxFontSize)
        {
            throw new GraphException($"fontSize={DefaultFont.Size} must be between 1 and {GraphLimits.MaxFontSize}");
        }

        ForegroundColor = parameters.Text("fgcolor") ?? template.Foreground;
        BackgroundColor = parameters.Text("bgcolor") ?? template.Background;
        SetColor(BackgroundColor);
        DrawRectangle(0, 0, Width, Height);

        IReadOnlyList<string> colorList = parameters.Text("colorList") is { } list
            ? Uri.UnescapeDataString(list.Replace('+', ' ')).Split(',')
            : template.LineColors;
        _colors = Cycle(colorList).GetEnumerator();
    }

    /// <summary>Pictures are at most this many pixels wide or high (larger values are clamped).</summary>
    public const int MaxSize = 8192;

    /// <summary>At most this many pixels in all (64 MiB of pixels): enough for a 4K wall screen, bounded in memory.</summary>
    public const long MaxPixels = 4096L * 4096;

    public GraphParameters Params { get; protected set; }

    public int Width { get; }

    public int Height { get; }

    public double Margin { get; protected set; }

    public GraphArea Area { get; }

    public Scene Scene { get; }

    public GraphCanvas Canvas { get; }

    public FontSpec DefaultFont { get; }

    public string ForegroundColor { get; }

    public string BackgroundColor { get; }

    protected string DefaultMajorGridLineColor { get; }

    protected string DefaultMinorGridLineColor { get; }

    /// <summary>The next colour of the colorList, round and round.</summary>
    protected string NextColor()
    {
        _colors.MoveNext();
        return _colors.Current;
    }

    private static IEnumerable<string> Cycle(IReadOnlyList<string> colors)
    {
        if (colors.Count == 0)
        {
            throw new GraphException("colorList is empty");
        }

        while (true)
        {
            foreach (var color in colors)
            {
                yield return color;
            }
        }
    }

    /// <summary>Lays the graph out and draws it onto <see cref="Canvas"/>.</summary>
    public abstract void DrawGraph();

    /// <summary>glyph.py setColor: a colour by name or hex, with an opacity the colour's own alpha byte may replace.</summary>
    protected void SetColor(string color, double alpha = 1.0, bool forceAlpha = false) => Canvas.Color = GraphColors.Parse(color, alpha, forceAlpha);

    /// <summary>glyph.py setFont: the default font with the given changes.</summary>
    protected void SetFont(double? size = null) => Canvas.Font = size is { } s ? DefaultFont with { Size = s } : DefaultFont;

    protected void DrawRectangle(double x, double y, double width, double height, bool fill = true)
    {
        if (!fill)
        {
            // Borders are drawn where lines would be: half a line width inwards (glyph.py trims w and h by one half only).
            var offset = Canvas.LineWidth / 2.0;
            x += offset;
            y += offset;
            width -= offset;
            height -= offset;
        }

        Canvas.Rectangle(x, y, width, height);
        if (fill)
        {
            Canvas.Fill();
        }
        else
        {
            Canvas.SetDash(null);
            Canvas.Stroke();
        }
    }

    /// <summary>
    /// glyph.py drawText: text aligned left/center/right on x and top/middle/bottom/baseline on y, turned
    /// clockwise by <paramref name="rotate"/> degrees around the aligned point.
    /// </summary>
    protected void DrawText(string text, double x, double y, string align = "left", string valign = "top", double rotate = 0)
    {
        var extents = Canvas.Extents();
        var width = Canvas.TextWidth(text);
        var angle = rotate * Math.PI / 180.0;
        var horizontal = align switch
        {
            "center" => width / 2,
            "right" => width,
            _ => 0.0,
        };
        var vertical = valign switch
        {
            "top" => extents.Ascent,
            "middle" => (extents.Height / 2) - extents.Descent,
            "bottom" => -extents.Descent,
            _ => 0.0,
        };

        var originX = x + (Math.Sin(angle) * -vertical) - (Math.Cos(angle) * horizontal);
        var originY = y + (Math.Cos(angle) * vertical) - (Math.Sin(angle) * horizontal);
        Canvas.ShowText(text, originX, originY, rotate);
    }

    /// <summary>glyph.py encodeHeader: marks where a named part of the picture starts (SVG groups).</summary>
    protected void EncodeHeader(string name) => Canvas.Group(name);

    /// <summary>"No Data" in red in the middle, for a graph without data.</summary>
    protected void DrawNoData()
    {
        SetColor("red");
        SetFont(Math.Log((double)Width * Height));
        DrawText("No Data", Width / 2.0, Height / 2.0, align: "center");
    }

    /// <summary>Python's unquote_plus, which graphite-web applies to titles and legend names.</summary>
    protected static string UnquotePlus(string text)
    {
        var spaced = text.Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(spaced);
        }
        catch (UriFormatException)
        {
            return spaced;
        }
    }
}
