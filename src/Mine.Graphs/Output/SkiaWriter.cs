using Mine.Graphs.Drawing;
using SkiaSharp;

namespace Mine.Graphs.Output;

/// <summary>
/// Rasterises a <see cref="Scene"/> with Skia and encodes it as PNG (or replays it into a PDF page). Lines and fills are antialiased like cairo's;
/// clips nest with save/restore as they were recorded.
/// </summary>
public static class SkiaWriter
{
    /// <summary>The picture as PNG bytes.</summary>
    public static byte[] Write(Scene scene, TextMeasurer measurer)
    {
        using var bitmap = Rasterize(scene, measurer);
        using var pixmap = bitmap.PeekPixels();
        // The "up" row filter and zlib level 1: about three times faster than libpng's defaults (all filters,
        // level 6) for graphs, and within a few percent of their size (bench/Mine.Benchmarks GraphRender).
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("Skia could not encode the graph as PNG");
        return data.ToArray();
    }

    /// <summary>The picture as a one-page PDF (graphite-web's format=pdf), vector lines and embedded text.</summary>
    public static byte[] WritePdf(Scene scene, TextMeasurer measurer)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream) ?? throw new InvalidOperationException("Skia could not start a PDF document"))
        {
            var page = document.BeginPage(scene.Width, scene.Height);
            Replay(page, scene, measurer);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    /// <summary>The picture as pixels (for tests and for the PNG encoder).</summary>
    public static SKBitmap Rasterize(Scene scene, TextMeasurer measurer)
    {
        // An opaque background makes an RGB picture (like cairo's PNGs of graphite-web): a quarter less to encode.
        // One thread per picture: drawing in parallel bands was tried and cost a third more CPU in all (every band
        // strokes every line), which a server drawing a dashboard's worth of graphs at once cannot afford.
        var info = HasOpaqueBackground(scene)
            ? new SKImageInfo(scene.Width, scene.Height, SKColorType.Rgb888x, SKAlphaType.Opaque)
            : new SKImageInfo(scene.Width, scene.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        Replay(canvas, scene, measurer);
        return bitmap;
    }

    /// <summary>Draws the scene's operations onto any Skia canvas.</summary>
    private static void Replay(SKCanvas canvas, Scene scene, TextMeasurer measurer)
    {
        using var paint = new SKPaint { IsAntialias = true };
        foreach (var item in scene.Items)
        {
            switch (item)
            {
                case FillItem fill:
                    paint.Style = SKPaintStyle.Fill;
                    paint.PathEffect = null;
                    paint.Color = ToSkia(fill.Color);
                    using (var path = ToSkia(fill.Path))
                    {
                        canvas.DrawPath(path, paint);
                    }

                    break;
                case StrokeItem stroke:
                    DrawStroke(canvas, paint, stroke);
                    break;
                case TextItem text:
                    paint.Style = SKPaintStyle.Fill;
                    paint.PathEffect = null;
                    paint.Color = ToSkia(text.Color);
                    canvas.Save();
                    canvas.Translate((float)text.X, (float)text.Y);
                    if (text.RotationDegrees != 0)
                    {
                        canvas.RotateDegrees((float)text.RotationDegrees);
                    }

                    canvas.DrawText(text.Text, 0, 0, SKTextAlign.Left, measurer.Font(text.Font), paint);
                    canvas.Restore();
                    break;
                case SaveItem:
                    canvas.Save();
                    break;
                case RestoreItem:
                    canvas.Restore();
                    break;
                case ClipItem clip:
                    if (AsRectangle(clip.Path) is { } rectangle)
                    {
                        // The plot clip, snapped to whole pixels: an antialiased clip (rectangle or path) sends every
                        // later draw through a coverage mask, which made graphs 1.7 times slower to draw.
                        canvas.ClipRect(rectangle, SKClipOperation.Intersect, antialias: false);
                    }
                    else
                    {
                        using var path = ToSkia(clip.Path);
                        canvas.ClipPath(path, SKClipOperation.Intersect, antialias: true);
                    }

                    break;
            }
        }
    }

    private static void DrawStroke(SKCanvas canvas, SKPaint paint, StrokeItem stroke)
    {
        paint.Style = SKPaintStyle.Stroke;
        paint.Color = ToSkia(stroke.Color);
        paint.StrokeWidth = (float)stroke.Width;
        paint.StrokeCap = stroke.Cap switch
        {
            LineCap.Round => SKStrokeCap.Round,
            LineCap.Square => SKStrokeCap.Square,
            _ => SKStrokeCap.Butt,
        };
        paint.StrokeJoin = stroke.Join switch
        {
            LineJoin.Round => SKStrokeJoin.Round,
            LineJoin.Bevel => SKStrokeJoin.Bevel,
            _ => SKStrokeJoin.Miter,
        };
        paint.StrokeMiter = 10;
        using var dash = stroke.Dash is { } pattern ? DashEffect(pattern) : null;
        paint.PathEffect = dash;
        if (dash is null && stroke.Color.AlphaByte == 255 && IsLongPolyline(stroke.Path))
        {
            DrawInPieces(canvas, paint, stroke.Path);
        }
        else
        {
            using var path = ToSkia(stroke.Path);
            canvas.DrawPath(path, paint);
        }

        paint.PathEffect = null;
    }

    /// <summary>Segments per piece when a long opaque line is drawn piecewise.</summary>
    private const int PieceLength = 8;

    /// <summary>An open polyline (moves and lines only) long enough for piecewise drawing to pay.</summary>
    private static bool IsLongPolyline(GraphPath path)
    {
        if (path.Elements.Count <= 4 * PieceLength)
        {
            return false;
        }

        foreach (var element in path.Elements)
        {
            if (element.Verb == PathVerb.Close)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Skia's antialiased stroke of one long zigzag path costs with the area of its bounds; short pieces with small
    /// bounds draw several times faster. Pieces meet end to end: for an opaque solid line the seams are invisible
    /// (only the miter of a sharp turn at a seam is left out, under a tenth of a pixel at graph line widths).
    /// </summary>
    private static void DrawInPieces(SKCanvas canvas, SKPaint paint, GraphPath path)
    {
        using var builder = new SKPathBuilder();
        var segments = 0;
        foreach (var element in path.Elements)
        {
            var point = new SKPoint((float)element.X, (float)element.Y);
            if (element.Verb == PathVerb.Move)
            {
                builder.MoveTo(point);
            }
            else
            {
                builder.LineTo(point);
                if (++segments == PieceLength)
                {
                    using var piece = builder.Detach();
                    canvas.DrawPath(piece, paint);
                    builder.MoveTo(point);
                    segments = 0;
                }
            }

        }

        if (segments > 0)
        {
            using var rest = builder.Detach();
            canvas.DrawPath(rest, paint);
        }
    }

    /// <summary>cairo's dash with offset 1: an odd-length pattern repeats, so on/off pairs always exist.</summary>
    private static SKPathEffect? DashEffect(IReadOnlyList<double> pattern)
    {
        var count = pattern.Count % 2 == 0 ? pattern.Count : pattern.Count * 2;
        var intervals = new float[count];
        for (var i = 0; i < count; i++)
        {
            intervals[i] = (float)Math.Max(pattern[i % pattern.Count], 0.01);
        }

        return SKPathEffect.CreateDash(intervals, 1);
    }

    /// <summary>True when the first thing drawn is an opaque fill of the whole picture.</summary>
    private static bool HasOpaqueBackground(Scene scene)
        => scene.Items.Count > 0 && scene.Items[0] is FillItem { Color.AlphaByte: 255 } fill
            && AsRectangle(fill.Path) is { } r && r.Left <= 0 && r.Top <= 0 && r.Right >= scene.Width && r.Bottom >= scene.Height;

    /// <summary>The rectangle a closed four-corner axis-aligned path outlines, or null for any other path.</summary>
    private static SKRect? AsRectangle(GraphPath path)
    {
        var e = path.Elements;
        if (e.Count != 5 || e[0].Verb != PathVerb.Move || e[4].Verb != PathVerb.Close
            || e[1].Verb != PathVerb.Line || e[2].Verb != PathVerb.Line || e[3].Verb != PathVerb.Line)
        {
            return null;
        }

        var horizontalFirst = e[0].Y == e[1].Y && e[1].X == e[2].X && e[2].Y == e[3].Y && e[3].X == e[0].X;
        var verticalFirst = e[0].X == e[1].X && e[1].Y == e[2].Y && e[2].X == e[3].X && e[3].Y == e[0].Y;
        if (!horizontalFirst && !verticalFirst)
        {
            return null;
        }

        return SKRect.Create((float)Math.Min(e[0].X, e[2].X), (float)Math.Min(e[0].Y, e[2].Y), (float)Math.Abs(e[2].X - e[0].X), (float)Math.Abs(e[2].Y - e[0].Y));
    }

    private static SKColor ToSkia(RgbaColor color) => new(color.R, color.G, color.B, color.AlphaByte);

    private static SKPath ToSkia(GraphPath path)
    {
        using var builder = new SKPathBuilder();
        foreach (var element in path.Elements)
        {
            switch (element.Verb)
            {
                case PathVerb.Move:
                    builder.MoveTo((float)element.X, (float)element.Y);
                    break;
                case PathVerb.Line:
                    builder.LineTo((float)element.X, (float)element.Y);
                    break;
                default:
                    builder.Close();
                    break;
            }
        }

        var result = builder.Detach();
        result.FillType = SKPathFillType.Winding;
        return result;
    }
}
