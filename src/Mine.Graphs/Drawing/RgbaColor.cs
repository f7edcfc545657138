using System.Globalization;

namespace Mine.Graphs.Drawing;

/// <summary>A colour with 8-bit channels and an opacity between 0 and 1, as cairo's set_source_rgba receives it.</summary>
public readonly record struct RgbaColor(byte R, byte G, byte B, double Alpha = 1.0)
{
    public RgbaColor WithAlpha(double alpha) => this with { Alpha = alpha };

    /// <summary>#rrggbb, the form SVG attributes and graphite-web's metadata use.</summary>
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>The opacity quantised to a byte, as a raster surface stores it.</summary>
    public byte AlphaByte => (byte)Math.Clamp((int)Math.Round(Alpha * 255.0), 0, 255);
}
