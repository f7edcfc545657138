using System.Text;
using Mine.Graphs.Drawing;
using Mine.Graphs.Graphs;
using Mine.Graphs.Output;
using Mine.Query.Series;

namespace Mine.Graphs;

/// <summary>The picture formats Mine draws.</summary>
public enum ImageFormat
{
    Png,
    Svg,
    Pdf,
}

/// <summary>A drawn graph: its bytes and content type.</summary>
public sealed record RenderedImage(byte[] Bytes, string ContentType);

/// <summary>
/// Draws render results as graphite-web does for <c>format=png</c> (and no format) and <c>format=svg</c>: one
/// layout (<see cref="LineGraph"/> or <see cref="PieGraph"/>) recorded as a <see cref="Scene"/>, then rasterised
/// by Skia or written as SVG text.
/// </summary>
public static class GraphRenderer
{
    public const string PngContentType = "image/png";
    public const string SvgContentType = "image/svg+xml";
    public const string PdfContentType = "application/x-pdf";

    /// <summary>A line graph of the series (which it may change: consolidation, stacking).</summary>
    public static RenderedImage RenderLine(IReadOnlyList<TimeSeries> series, GraphParameters parameters, TimeZoneInfo timeZone, ImageFormat format, CancellationToken cancellationToken = default)
    {
        using var measurer = new TextMeasurer();
        var graph = new LineGraph(parameters, series, timeZone, measurer, cancellationToken);
        graph.DrawGraph();
        return Output(graph.Scene, measurer, format, graph.MetadataJson);
    }

    /// <summary>A pie graph of named values.</summary>
    public static RenderedImage RenderPie(IReadOnlyList<PieSlice> slices, GraphParameters parameters, ImageFormat format, CancellationToken cancellationToken = default)
    {
        using var measurer = new TextMeasurer();
        var graph = new PieGraph(parameters, slices, measurer, cancellationToken);
        graph.DrawGraph();
        return Output(graph.Scene, measurer, format, static () => "{}");
    }

    private static RenderedImage Output(Scene scene, TextMeasurer measurer, ImageFormat format, Func<string> metadata)
        => format switch
        {
            ImageFormat.Svg => new RenderedImage(Encoding.UTF8.GetBytes(SvgWriter.Write(scene, metadata())), SvgContentType),
            ImageFormat.Pdf => new RenderedImage(SkiaWriter.WritePdf(scene, measurer), PdfContentType),
            _ => new RenderedImage(SkiaWriter.Write(scene, measurer), PngContentType),
        };
}
