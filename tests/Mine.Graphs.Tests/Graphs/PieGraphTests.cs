using Mine.Graphs.Graphs;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>graphType=pie: slices clockwise from twelve o'clock in the colour cycle, legend and value labels.</summary>
public sealed class PieGraphTests
{
    private const string Options = "width=400&height=400&hideLegend=true&valueLabels=none";

    [Fact]
    public void Slices_take_their_share_clockwise_from_twelve()
    {
        using var g = Pie(Options, new PieSlice("a", 75), new PieSlice("b", 25));
        // Centre (200, 200); radius 0.95 × 190 = 180. The first slice (blue) covers 12 → 9 o'clock clockwise,
        // the second (green) 9 → 12.
        Assert.True(g.IsColor(300, 200, Blue), "3 o'clock");
        Assert.True(g.IsColor(200, 300, Blue), "6 o'clock");
        Assert.True(g.IsColor(130, 130, Green), "10:30");
        Assert.True(g.IsColor(5, 5, White), "outside the pie");
    }

    [Fact]
    public void Value_labels_show_percent_or_number_above_the_minimum()
    {
        using var percent = Pie("width=400&height=400", new PieSlice("a", 75), new PieSlice("b", 20), new PieSlice("c", 5), new PieSlice("tiny", 1));
        // The legend, then the labels: graphite-web writes the percent sign first; slices under valueLabelsMin (5%)
        // get none.
        Assert.Equal(["a", "b", "c", "tiny", "%74.26", "%19.80"], percent.Texts());

        using var numbers = Pie("width=400&height=400&hideLegend=true&valueLabels=number&valueLabelsMin=0", new PieSlice("a", 1234.5), new PieSlice("b", 2.5));
        Assert.Equal(["1234", "2.50"], numbers.Texts());

        using var none = Pie(Options, new PieSlice("a", 3));
        Assert.Empty(none.Texts());
    }

    [Fact]
    public void Rotated_labels_turn_along_their_slice()
    {
        using var g = Pie("width=400&height=400&hideLegend=true&pieLabels=rotated", new PieSlice("a", 25), new PieSlice("b", 25), new PieSlice("c", 50));
        var turns = g.Svg.Descendants().Where(static e => e.Name.LocalName == "text").Select(static t => (string?)t.Attribute("transform")).ToList();
        // Middles at 315°, 45° and 180° (turned by half a circle to stay readable, so not rotated).
        Assert.Equal(["rotate(315 ", "rotate(45 ", null], turns.Select(static t => t?[..(t.IndexOf(' ', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void Title_colours_and_alpha()
    {
        using var g = Pie(Options + "&title=Share&colorList=ff0000&areaAlpha=0.5", new PieSlice("a", 1));
        Assert.Equal(["Share"], g.Texts("title"));
        var (r, gr, b, _) = g.Pixel(300, 250);
        Assert.InRange(r, 250, 255);
        Assert.InRange(gr, 120, 135);
        Assert.InRange(b, 120, 135);
    }

    [Fact]
    public void No_slices_say_no_data()
    {
        using var g = Pie("width=300&height=300");
        Assert.Equal(["No Data"], g.Texts());
    }
}
