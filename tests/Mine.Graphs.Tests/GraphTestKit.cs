using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mine.Graphs.Drawing;
using Mine.Graphs.Graphs;
using Mine.Graphs.Output;
using Mine.Query.Series;
using SkiaSharp;

namespace Mine.Graphs.Tests;

/// <summary>
/// Draws a graph once and keeps every form of it: the layout, the decoded PNG, the parsed SVG and its metadata,
/// so a test can look at pixels, texts and numbers of the same picture.
/// </summary>
public sealed class DrawnGraph : IDisposable
{
    public required LineGraph? Line { get; init; }

    public required PieGraph? Pie { get; init; }

    public required SKBitmap Png { get; init; }

    public required XDocument Svg { get; init; }

    public required string SvgText { get; init; }

    public required byte[] PngBytes { get; init; }

    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>The colour of a pixel as (r, g, b, a), straight (not premultiplied) alpha.</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var c = Png.GetPixel(x, y);
        return (c.Red, c.Green, c.Blue, c.Alpha);
    }

    public bool IsColor(int x, int y, (byte R, byte G, byte B) expected, int tolerance = 8)
    {
        var (r, g, b, _) = Pixel(x, y);
        return Math.Abs(r - expected.R) <= tolerance && Math.Abs(g - expected.G) <= tolerance && Math.Abs(b - expected.B) <= tolerance;
    }

    /// <summary>How many pixels of a column have the colour (within tolerance).</summary>
    public int CountInColumn(int x, (byte R, byte G, byte B) color, int tolerance = 8)
        => Enumerable.Range(0, Png.Height).Count(y => IsColor(x, y, color, tolerance));

    /// <summary>How many pixels of a column differ from the colour (e.g. everything not background).</summary>
    public int CountInColumnNot(int x, (byte R, byte G, byte B) color, int tolerance = 8)
        => Enumerable.Range(0, Png.Height).Count(y => !IsColor(x, y, color, tolerance));

    /// <summary>The rows of a column with the colour.</summary>
    public List<int> RowsInColumn(int x, (byte R, byte G, byte B) color, int tolerance = 8)
        => Enumerable.Range(0, Png.Height).Where(y => IsColor(x, y, color, tolerance)).ToList();

    /// <summary>The texts of an SVG part (title, legend, axes...), in order; all texts when part is null.</summary>
    public List<string> Texts(string? part = null)
    {
        var root = part is null ? Svg.Root! : Group(part);
        return root is null ? [] : root.Descendants(Ns + "text").Select(static t => t.Value).ToList();
    }

    public XElement? Group(string part) => Svg.Root!.Descendants(Ns + "g").FirstOrDefault(g => (string?)g.Attribute("class") == part);

    /// <summary>The elements of a part with a given attribute value, e.g. paths stroked in red.</summary>
    public List<XElement> Elements(string part, string attribute, string value)
        => Group(part)?.Descendants().Where(e => (string?)e.Attribute(attribute) == value).ToList() ?? [];

    /// <summary>graphite-web's metadata script of the SVG, parsed.</summary>
    public JsonElement Metadata()
    {
        var script = Svg.Root!.Element(Ns + "script")!.Value;
        var json = Regex.Match(script, @"metadata = (\{.*\})", RegexOptions.Singleline).Groups[1].Value;
        // Python's json.dumps writes NaN bare; System.Text.Json reads it as a named literal when allowed.
        return JsonDocument.Parse(json.Replace("NaN", "\"NaN\"", StringComparison.Ordinal)).RootElement.Clone();
    }

    public void Dispose() => Png.Dispose();
}

public static class GraphTestKit
{
    public const long Start = 1_700_000_000 / 3600 * 3600;

    public static readonly (byte R, byte G, byte B) Blue = (100, 100, 255);
    public static readonly (byte R, byte G, byte B) Green = (0, 200, 0);
    public static readonly (byte R, byte G, byte B) Red = (200, 0, 50);
    public static readonly (byte R, byte G, byte B) White = (255, 255, 255);
    public static readonly (byte R, byte G, byte B) Black = (0, 0, 0);

    /// <summary>A series of the values at one-minute steps from <see cref="Start"/> (NaN = None).</summary>
    public static TimeSeries Series(string name, params double[] values) => new(name, Start, Start + (values.Length * 60), 60, values);

    /// <summary>A series of n copies of one value.</summary>
    public static TimeSeries Constant(string name, double value, int n = 60) => Series(name, Enumerable.Repeat(value, n).ToArray());

    /// <summary>Draws a line graph of the series with graphite-web request options ("name=value&amp;...").</summary>
    public static DrawnGraph Line(string options, params TimeSeries[] series) => Line(options, TimeZoneInfo.Utc, series);

    public static DrawnGraph Line(string options, TimeZoneInfo timeZone, params TimeSeries[] series)
    {
        using var measurer = new TextMeasurer();
        var graph = new LineGraph(Parameters("line", options), series, timeZone, measurer);
        graph.DrawGraph();
        return Output(graph.Scene, measurer, graph.MetadataJson(), graph, null);
    }

    public static DrawnGraph Pie(string options, params PieSlice[] slices)
    {
        using var measurer = new TextMeasurer();
        var graph = new PieGraph(Parameters("pie", options), slices, measurer);
        graph.DrawGraph();
        return Output(graph.Scene, measurer, "{}", null, graph);
    }

    public static GraphParameters Parameters(string graphType, string options)
    {
        var values = options.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(static p => p.Split('=', 2))
            .GroupBy(static p => p[0], StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => Uri.UnescapeDataString(g.Last() is { Length: > 1 } p ? p[1].Replace('+', ' ') : ""), StringComparer.Ordinal);
        return GraphParameters.FromRequest(graphType, name => values.GetValueOrDefault(name));
    }

    private static DrawnGraph Output(Scene scene, TextMeasurer measurer, string metadata, LineGraph? line, PieGraph? pie)
    {
        var png = SkiaWriter.Write(scene, measurer);
        var svg = SvgWriter.Write(scene, metadata);
        var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("the PNG does not decode");
        return new DrawnGraph
        {
            Line = line,
            Pie = pie,
            Png = bitmap,
            PngBytes = png,
            Svg = XDocument.Parse(svg),
            SvgText = svg,
        };
    }
}
