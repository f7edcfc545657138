namespace Mine.Graphs.Drawing;

/// <summary>A font as graphite-web's options name it: family, size in pixels, bold, italic.</summary>
public sealed record FontSpec(string Name, double Size, bool Bold, bool Italic);

/// <summary>cairo's font_extents: how far glyphs reach above and below the baseline, and the line height.</summary>
public readonly record struct FontExtents(double Ascent, double Descent, double Height);
