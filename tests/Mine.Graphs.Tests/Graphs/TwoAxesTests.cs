using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>The left/right variants of the options, which apply only once some series uses the second y axis.</summary>
public sealed class TwoAxesTests
{
    private static (Query.Series.TimeSeries Left, Query.Series.TimeSeries Right) Data()
    {
        var left = Series("left", 1, 2, 3);
        var right = Series("right", 100, 300, 500);
        right.Options["secondYAxis"] = true;
        return (left, right);
    }

    [Fact]
    public void Left_and_right_colours_widths_and_dashes_apply_to_their_side()
    {
        var (left, right) = Data();
        using var g = Line("width=600&height=300&leftColor=ff0000&rightColor=0000ff&leftWidth=4&rightDashed=true", left, right);
        var strokes = g.Group("lines")!.Descendants().ToList();
        Assert.Contains(strokes, static e => (string?)e.Attribute("stroke") == "#ff0000" && (string?)e.Attribute("stroke-width") == "4");
        Assert.Contains(strokes, static e => (string?)e.Attribute("stroke") == "#0000ff" && (string?)e.Attribute("stroke-dasharray") == "1");
        Assert.Equal(["left", "right"], g.Texts("legend"));
    }

    [Fact]
    public void The_variants_do_nothing_with_one_axis()
    {
        using var g = Line("width=600&height=300&leftColor=ff0000&rightColor=0000ff", Series("only", 1, 2, 3));
        Assert.DoesNotContain(g.Group("lines")!.Descendants(), static e => (string?)e.Attribute("stroke") is "#ff0000" or "#0000ff");
    }

    [Fact]
    public void Each_axis_takes_its_own_limits_and_step()
    {
        var (left, right) = Data();
        using var g = Line("width=600&height=300&yMinLeft=0&yMaxLeft=4&yStepLeft=1&yMinRight=0&yMaxRight=1000&yStepRight=250", left, right);
        var labels = g.Texts("axes").Where(static t => !t.Contains(':', StringComparison.Ordinal)).Select(static t => t.Trim()).ToList();
        Assert.Equal(["0", "1.0", "2.0", "3.0", "4.0", "0", "250.0", "500.0", "750.0", "1000.0"], labels);
    }
}
