namespace Mine.Graphs;

/// <summary>
/// Bounds on what one graph may cost, so that no option value (minorY=100000000, logBase=1.0000001, a legend of
/// 100,000 series, a minXStep of 0 over millions of points) can make drawing take unbounded time or memory.
/// Every drawing operation is counted against <see cref="MaxDrawingOperations"/> as the graph records it, which
/// bounds the scene, the SVG text and the rasteriser's work whatever multiplied them; the options that drive a
/// loop before anything is drawn have bounds of their own. Passing one is a <see cref="GraphException"/> (400).
/// </summary>
public static class GraphLimits
{
    /// <summary>Path points, shapes and texts one graph may record (about 100 MB of scene at most).</summary>
    public const long MaxDrawingOperations = 4_000_000;

    /// <summary>minorY: minor grid lines between two labels (the picture has at most 8,192 rows).</summary>
    public const int MaxMinorY = 1_000;

    /// <summary>yDivisors: how many divisors, and the largest one.</summary>
    public const int MaxYDivisors = 20;

    public const int MaxYDivisor = 1_000;

    /// <summary>Labels on one value axis (a user yStep or logBase that would give more is refused or replaced).</summary>
    public const int MaxAxisLabels = 1_000;

    /// <summary>Legend entries drawn (graphite-web hides legends above 10 unless hideLegend=false asks for them).</summary>
    public const int MaxLegendItems = 1_000;

    /// <summary>lineWidth and fontSize.</summary>
    public const double MaxLineWidth = 100;

    public const int MaxFontSize = 500;
}
