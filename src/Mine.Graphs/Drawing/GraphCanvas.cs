namespace Mine.Graphs.Drawing;

/// <summary>
/// A drawing context shaped like the part of cairo graphite-web's glyph.py uses (current path, source colour, line
/// width, dash, font, save/restore, clip), recording what it draws into a <see cref="Scene"/> instead of pixels.
/// Keeping cairo's semantics (line_to without a current point moves, stroke and fill consume the path, clip
/// narrows until restore) lets the graph code follow glyph.py step by step.
/// </summary>
public sealed class GraphCanvas(Scene scene, TextMeasurer measurer)
{
    private readonly Stack<State> _saved = new();
    private GraphPath _path = new();
    private State _state = new(new RgbaColor(0, 0, 0), 2.0, null, LineCap.Butt, LineJoin.Miter, new FontSpec(FontLibrary.BuiltInFamily, 10, false, false));

    public Scene Scene => scene;

    public TextMeasurer Measurer => measurer;

    public RgbaColor Color
    {
        get => _state.Color;
        set => _state = _state with { Color = value };
    }

    public double LineWidth
    {
        get => _state.LineWidth;
        set => _state = _state with { LineWidth = value };
    }

    public FontSpec Font
    {
        get => _state.Font;
        set => _state = _state with { Font = value };
    }

    public LineCap LineCap
    {
        get => _state.Cap;
        set => _state = _state with { Cap = value };
    }

    public LineJoin LineJoin
    {
        get => _state.Join;
        set => _state = _state with { Join = value };
    }

    /// <summary>Dash lengths (on, off, ...) or null for solid lines; cairo repeats an odd-length list.</summary>
    public void SetDash(IReadOnlyList<double>? dash) => _state = _state with { Dash = dash is { Count: > 0 } ? dash : null };

    public (double X, double Y)? CurrentPoint => _path.CurrentPoint;

    // Every element added to a path, and every item recorded, is charged to the scene (GraphLimits).
    public void MoveTo(double x, double y)
    {
        scene.Charge(1);
        _path.MoveTo(x, y);
    }

    public void LineTo(double x, double y)
    {
        scene.Charge(1);
        _path.LineTo(x, y);
    }

    public void ClosePath()
    {
        scene.Charge(1);
        _path.ClosePath();
    }

    public void Rectangle(double x, double y, double width, double height)
    {
        scene.Charge(5);
        _path.Rectangle(x, y, width, height);
    }

    public void Arc(double centerX, double centerY, double radius, double startAngle, double endAngle)
    {
        var before = _path.Elements.Count;
        _path.Arc(centerX, centerY, radius, startAngle, endAngle);
        scene.Charge(_path.Elements.Count - before + 1);
    }

    /// <summary>cairo's copy_path: a copy of the current path, which stays in place.</summary>
    public GraphPath CopyPath()
    {
        scene.Charge(_path.Elements.Count);
        return new(_path);
    }

    public void AppendPath(GraphPath path)
    {
        scene.Charge(path.Elements.Count);
        _path.Append(path);
    }

    /// <summary>For loops that may go on without drawing: stops them when the drawing is cancelled.</summary>
    public void CheckCancellation() => scene.CheckCancellation();

    /// <summary>Draws the outline of the current path with the current pen, then forgets the path.</summary>
    public void Stroke()
    {
        if (_path.HasLines())
        {
            scene.Charge(1);
            scene.Items.Add(new StrokeItem(_path, _state.Color, _state.LineWidth, _state.Dash, _state.Cap, _state.Join));
        }

        _path = new GraphPath();
    }

    /// <summary>Fills the current path (non-zero winding), then forgets it.</summary>
    public void Fill()
    {
        if (_path.HasLines())
        {
            scene.Charge(1);
            scene.Items.Add(new FillItem(_path, _state.Color));
        }

        _path = new GraphPath();
    }

    /// <summary>Narrows the clip to the current path, then forgets it.</summary>
    public void Clip()
    {
        scene.Charge(1);
        scene.Items.Add(new ClipItem(_path));
        _path = new GraphPath();
    }

    public void Save()
    {
        scene.Charge(1);
        _saved.Push(_state);
        scene.Items.Add(new SaveItem());
    }

    public void Restore()
    {
        if (_saved.Count == 0)
        {
            return;
        }

        _state = _saved.Pop();
        scene.Items.Add(new RestoreItem());
    }

    /// <summary>Starts a named part of the picture (graphite-web's encodeHeader), used by the SVG writer.</summary>
    public void Group(string name)
    {
        scene.Charge(1);
        scene.Items.Add(new GroupItem(name));
    }

    public FontExtents Extents() => measurer.Extents(_state.Font);

    public double TextWidth(string text) => measurer.Width(_state.Font, text);

    /// <summary>Text with its baseline origin at (x, y), turned clockwise by the angle, in the current font and colour.</summary>
    public void ShowText(string text, double x, double y, double rotationDegrees)
    {
        // A text costs its glyphs to measure, lay out and draw.
        scene.Charge(1 + (text.Length / 8));
        scene.Items.Add(new TextItem(text, x, y, _state.Font, _state.Color, rotationDegrees));
    }

    private sealed record State(RgbaColor Color, double LineWidth, IReadOnlyList<double>? Dash, LineCap Cap, LineJoin Join, FontSpec Font);
}
