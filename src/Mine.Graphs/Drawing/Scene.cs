namespace Mine.Graphs.Drawing;

/// <summary>
/// One drawing operation of a <see cref="Scene"/>. The graphs draw through <see cref="GraphCanvas"/>, which records
/// these; the PNG and SVG writers replay them, so both formats show the same picture.
/// </summary>
public abstract record SceneItem;

/// <summary>The start of a named part of the picture (title, legend, axes, grid, lines): graphite-web's SVG groups.</summary>
public sealed record GroupItem(string Name) : SceneItem;

public sealed record FillItem(GraphPath Path, RgbaColor Color) : SceneItem;

/// <param name="Dash">Dash lengths (on, off, ...), or null for a solid line.</param>
public sealed record StrokeItem(GraphPath Path, RgbaColor Color, double Width, IReadOnlyList<double>? Dash, LineCap Cap, LineJoin Join) : SceneItem;

/// <summary>
/// Text drawn with its baseline's left end at (X, Y), turned by <paramref name="RotationDegrees"/> clockwise around
/// that point.
/// </summary>
public sealed record TextItem(string Text, double X, double Y, FontSpec Font, RgbaColor Color, double RotationDegrees) : SceneItem;

/// <summary>Saves the clip (cairo's save); the matching <see cref="RestoreItem"/> returns to it.</summary>
public sealed record SaveItem : SceneItem;

public sealed record RestoreItem : SceneItem;

/// <summary>Narrows the clip to the inside of the path (non-zero winding), until the enclosing restore.</summary>
public sealed record ClipItem(GraphPath Path) : SceneItem;

public enum LineCap : byte
{
    Butt,
    Round,
    Square,
}

public enum LineJoin : byte
{
    Miter,
    Round,
    Bevel,
}

/// <summary>A finished picture: its size, background and the operations in drawing order.</summary>
public sealed class Scene(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public List<SceneItem> Items { get; } = [];
}
