namespace Mine.Graphs.Drawing;

/// <summary>What one element of a <see cref="GraphPath"/> does.</summary>
public enum PathVerb : byte
{
    Move,
    Line,
    Close,
}

/// <summary>One element of a path: a move, a straight line to (X, Y), or the close of the current sub-path.</summary>
public readonly record struct PathElement(PathVerb Verb, double X, double Y);

/// <summary>
/// A path in device pixels made of moves and straight lines, the only shapes the graphs need (arcs are flattened
/// when added, finely enough that no pixel changes). Both output formats replay the same elements.
/// </summary>
public sealed class GraphPath
{
    private readonly List<PathElement> _elements;

    public GraphPath() => _elements = [];

    public GraphPath(GraphPath other) => _elements = [.. other._elements];

    public IReadOnlyList<PathElement> Elements => _elements;

    public bool IsEmpty => _elements.Count == 0;

    /// <summary>The current point, as cairo keeps it; null before the first move.</summary>
    public (double X, double Y)? CurrentPoint { get; private set; }

    private (double X, double Y)? SubPathStart { get; set; }

    public void MoveTo(double x, double y)
    {
        // Consecutive moves collapse into the last one, as in cairo.
        if (_elements.Count > 0 && _elements[^1].Verb == PathVerb.Move)
        {
            _elements[^1] = new PathElement(PathVerb.Move, x, y);
        }
        else
        {
            _elements.Add(new PathElement(PathVerb.Move, x, y));
        }

        CurrentPoint = (x, y);
        SubPathStart = (x, y);
    }

    /// <summary>A line from the current point; without one it only moves there (cairo's line_to).</summary>
    public void LineTo(double x, double y)
    {
        if (CurrentPoint is null)
        {
            MoveTo(x, y);
            return;
        }

        _elements.Add(new PathElement(PathVerb.Line, x, y));
        CurrentPoint = (x, y);
    }

    public void ClosePath()
    {
        if (CurrentPoint is null)
        {
            return;
        }

        _elements.Add(new PathElement(PathVerb.Close, 0, 0));
        CurrentPoint = SubPathStart;
    }

    /// <summary>cairo's rectangle: a closed sub-path starting at (x, y).</summary>
    public void Rectangle(double x, double y, double width, double height)
    {
        MoveTo(x, y);
        LineTo(x + width, y);
        LineTo(x + width, y + height);
        LineTo(x, y + height);
        ClosePath();
    }

    /// <summary>
    /// cairo's arc (angles in radians, increasing clockwise on screen): a line from the current point to the
    /// arc's start, then the arc, flattened into segments no longer than a pixel's worth of error.
    /// </summary>
    public void Arc(double centerX, double centerY, double radius, double startAngle, double endAngle)
    {
        while (endAngle < startAngle)
        {
            endAngle += 2 * Math.PI;
        }

        var sweep = endAngle - startAngle;
        // Chord error r(1 - cos(θ/2)) stays under 0.1 px.
        var maxStep = radius > 0.2 ? 2 * Math.Acos(1 - (0.1 / radius)) : Math.PI / 2;
        var steps = Math.Max(1, (int)Math.Ceiling(sweep / maxStep));
        LineTo(centerX + (radius * Math.Cos(startAngle)), centerY + (radius * Math.Sin(startAngle)));
        for (var i = 1; i <= steps; i++)
        {
            var angle = startAngle + (sweep * i / steps);
            LineTo(centerX + (radius * Math.Cos(angle)), centerY + (radius * Math.Sin(angle)));
        }
    }

    /// <summary>cairo's append_path: the other path's elements after this one's.</summary>
    public void Append(GraphPath other)
    {
        foreach (var element in other._elements)
        {
            switch (element.Verb)
            {
                case PathVerb.Move:
                    MoveTo(element.X, element.Y);
                    break;
                case PathVerb.Line:
                    LineTo(element.X, element.Y);
                    break;
                default:
                    ClosePath();
                    break;
            }
        }
    }

    /// <summary>True when the path draws something when stroked: at least one line.</summary>
    public bool HasLines()
    {
        foreach (var element in _elements)
        {
            if (element.Verb == PathVerb.Line)
            {
                return true;
            }
        }

        return false;
    }
}
