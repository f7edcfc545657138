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

/// <summary>
/// A finished picture: its size, background and the operations in drawing order. Recording is metered: every
/// path point, shape and text is charged against <see cref="GraphLimits.MaxDrawingOperations"/>, and the
/// drawing's cancellation (the request's time limit) is checked as it goes.
/// </summary>
public sealed class Scene(int width, int height, CancellationToken cancellation = default)
{
    private long _operations;
    private int _sinceCheck;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public List<SceneItem> Items { get; } = [];

    /// <summary>Drawing operations recorded so far.</summary>
    public long Operations => _operations;

    /// <summary>Counts <paramref name="operations"/> more drawing operations.</summary>
    /// <exception cref="GraphException">The graph would pass <see cref="GraphLimits.MaxDrawingOperations"/>.</exception>
    /// <exception cref="OperationCanceledException">The drawing was cancelled (the request ran out of time).</exception>
    public void Charge(long operations)
    {
        _operations += operations;
        if (_operations > GraphLimits.MaxDrawingOperations)
        {
            throw new GraphException($"the graph would need more than {GraphLimits.MaxDrawingOperations:N0} drawing operations (GraphLimits.MaxDrawingOperations); draw fewer series or points (maxDataPoints, minXStep), fewer grid lines (minorY) or a smaller legend");
        }

        CheckCancellation(operations);
    }

    /// <summary>For loops that may run without drawing: checks the cancellation every few hundred steps.</summary>
    public void CheckCancellation(long steps = 1)
    {
        _sinceCheck += (int)Math.Min(steps, 1 << 20);
        if (_sinceCheck >= 512)
        {
            _sinceCheck = 0;
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
