using SkiaSharp;

namespace Mine.Graphs.Drawing;

/// <summary>
/// Font extents and text advance widths for laying a graph out (cairo's font_extents and text_extents), measured
/// with the same typefaces the PNG is drawn with. One per graph: Skia fonts are not shared between threads.
/// </summary>
public sealed class TextMeasurer : IDisposable
{
    private readonly Dictionary<FontSpec, SKFont> _fonts = [];

    public FontExtents Extents(FontSpec spec)
    {
        var metrics = Font(spec).Metrics;
        var ascent = -metrics.Ascent;
        var descent = metrics.Descent;
        return new FontExtents(ascent, descent, ascent + descent + metrics.Leading);
    }

    public double Width(FontSpec spec, string text) => text.Length == 0 ? 0 : Font(spec).MeasureText(text);

    /// <summary>A Skia font for the spec, kept for the measurer's lifetime.</summary>
    public SKFont Font(FontSpec spec)
    {
        if (!_fonts.TryGetValue(spec, out var font))
        {
            font = new SKFont(FontLibrary.Shared.Resolve(spec), (float)spec.Size)
            {
                Subpixel = true,
                Edging = SKFontEdging.Antialias,
                Hinting = SKFontHinting.None,
            };
            _fonts[spec] = font;
        }

        return font;
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }

        _fonts.Clear();
    }
}
