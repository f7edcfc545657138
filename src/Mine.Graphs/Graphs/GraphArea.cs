namespace Mine.Graphs.Graphs;

/// <summary>The rectangle left for the plot once title, legend and axis labels have taken their room (glyph.py's area).</summary>
public sealed class GraphArea
{
    public double XMin { get; set; }

    public double XMax { get; set; }

    public double YMin { get; set; }

    public double YMax { get; set; }
}
