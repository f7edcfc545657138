using System.Globalization;
using System.Text.RegularExpressions;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>
/// What the options change in the picture, read from the SVG (texts per part, colours, metadata): title, legend,
/// axes, grid, units, scales and fonts.
/// </summary>
public sealed partial class LineLayoutTests
{
    private static double Area(DrawnGraph g, string edge) => g.Metadata().GetProperty("area").GetProperty(edge).GetDouble();

    private static List<string> YLabels(DrawnGraph g) => g.Metadata().GetProperty("y").GetProperty("labels").EnumerateArray().Select(static l => l.GetString()!).ToList();

    private static List<double> YValues(DrawnGraph g) => g.Metadata().GetProperty("y").GetProperty("labelValues").EnumerateArray().Select(static l => l.GetDouble()).ToList();

    [Fact]
    public void A_default_graph_has_legend_axis_labels_and_grid()
    {
        using var g = Line("width=500&height=300", Constant("servers.web-01.load", 3), Constant("servers.web-02.load", 7));
        Assert.Equal(["servers.web-01.load", "servers.web-02.load"], g.Texts("legend"));
        var axisTexts = g.Texts("axes");
        // y labels (with their trailing space, as graphite-web writes them) and HH:MM x labels.
        Assert.Equal(YLabels(g).Select(static l => l.TrimEnd()), axisTexts.Where(static t => !t.Contains(':')).Select(static t => t.TrimEnd()));
        Assert.True(YValues(g)[0] <= 3 && YValues(g)[^1] >= 7, string.Join(", ", YValues(g)));
        Assert.Contains(axisTexts, static t => Regex.IsMatch(t, @"^\d\d:\d\d$"));
        Assert.NotNull(g.Group("grid"));
        Assert.NotEmpty(g.Group("lines")!.Elements());
    }

    [Fact]
    public void Title_is_centred_on_top_and_pushes_the_plot_down()
    {
        using var plain = Line("width=500&height=300", Constant("a", 5));
        using var titled = Line("width=500&height=300&title=Load+average", Constant("a", 5));
        Assert.Equal(["Load average"], titled.Texts("title"));
        Assert.Null(plain.Group("title"));
        Assert.True(Area(titled, "ymin") > Area(plain, "ymin") + 10);
        using var twoLines = Line("width=500&height=300&title=first%0Asecond", Constant("a", 5));
        Assert.Equal(["first", "second"], twoLines.Texts("title"));
    }

    [Fact]
    public void Vtitle_is_turned_and_pushes_the_plot_right()
    {
        using var plain = Line("width=500&height=300", Constant("a", 5));
        using var titled = Line("width=500&height=300&vtitle=requests/s", Constant("a", 5));
        var text = titled.Group("vtitle")!.Elements().Single();
        Assert.Equal("requests/s", text.Value);
        Assert.StartsWith("rotate(270", (string?)text.Attribute("transform"), StringComparison.Ordinal);
        Assert.True(Area(titled, "xmin") > Area(plain, "xmin") + 10);
    }

    [Fact]
    public void Legend_is_dropped_beyond_ten_series_unless_asked_for()
    {
        var eleven = Enumerable.Range(0, 11).Select(static i => Constant($"s{i}", i)).ToArray();
        using var dropped = Line("width=600&height=400", eleven);
        Assert.Null(dropped.Group("legend"));
        using var asked = Line("width=600&height=400&hideLegend=false", eleven.Select(static s => s.Copy()).ToArray());
        Assert.Equal(11, asked.Texts("legend").Count);
        using var hidden = Line("width=600&height=400&hideLegend=true", Constant("a", 1));
        Assert.Null(hidden.Group("legend"));
    }

    [Fact]
    public void UniqueLegend_lists_a_name_once()
    {
        using var both = Line("width=500&height=300", Constant("same", 1), Constant("same", 2));
        using var unique = Line("width=500&height=300&uniqueLegend=true", Constant("same", 1), Constant("same", 2));
        Assert.Equal(2, both.Texts("legend").Count);
        Assert.Equal(["same"], unique.Texts("legend"));
    }

    [Fact]
    public void HideNullFromLegend_leaves_out_empty_series()
    {
        using var g = Line("width=500&height=300&hideNullFromLegend=true", Constant("data", 1), Constant("empty", double.NaN));
        Assert.Equal(["data"], g.Texts("legend"));
    }

    [Fact]
    public void Hiding_axes_and_grid()
    {
        var data = Constant("a", 5);
        using var noAxes = Line("width=500&height=300&hideAxes=true", data.Copy());
        Assert.Empty(noAxes.Texts("axes"));
        Assert.Null(noAxes.Group("grid"));

        using var noY = Line("width=500&height=300&hideYAxis=true", data.Copy());
        Assert.All(noY.Texts("axes"), static t => Assert.Contains(":", t, StringComparison.Ordinal));
        Assert.NotEmpty(noY.Texts("axes"));

        using var noX = Line("width=500&height=300&hideXAxis=true", data.Copy());
        Assert.DoesNotContain(noX.Texts("axes"), static t => t.Contains(':', StringComparison.Ordinal));
        Assert.NotEmpty(noX.Texts("axes"));

        using var noGrid = Line("width=500&height=300&hideGrid=true", data.Copy());
        Assert.Null(noGrid.Group("grid"));
        Assert.NotEmpty(noGrid.Texts("axes"));
    }

    [Fact]
    public void GraphOnly_draws_nothing_but_the_data_over_the_whole_picture()
    {
        using var g = Line("width=500&height=300&graphOnly=true&title=ignored", Constant("a", 5));
        Assert.Empty(g.Texts());
        Assert.Equal(0, Area(g, "xmin"));
        Assert.Equal(500, Area(g, "xmax"));
        Assert.Equal(0, Area(g, "ymin"));
        Assert.Equal(300, Area(g, "ymax"));
    }

    [Fact]
    public void Margin_moves_the_plot_inwards()
    {
        using var small = Line("width=500&height=300&margin=5", Constant("a", 5));
        using var large = Line("width=500&height=300&margin=40", Constant("a", 5));
        Assert.True(Area(large, "ymin") - Area(small, "ymin") == 35);
        Assert.True(Area(large, "xmax") < Area(small, "xmax") - 30);
    }

    [Fact]
    public void YMin_yMax_yStep_yLimit_and_yDivisors_set_the_scale()
    {
        var data = Series("a", 12, 40, 77);
        using var auto = Line("", data.Copy());
        Assert.Equal([0, 20, 40, 60, 80], YValues(auto));
        using var bounded = Line("yMin=-50&yMax=200", data.Copy());
        Assert.Equal(-50, YValues(bounded)[0]);
        Assert.Equal(200, YValues(bounded)[^1]);
        using var stepped = Line("yStep=25", data.Copy());
        Assert.Equal([0, 25, 50, 75, 100], YValues(stepped));
        using var limited = Line("yLimit=50", data.Copy());
        Assert.Equal(50, YValues(limited)[^1]);
        using var divided = Line("yDivisors=3", data.Copy());
        Assert.Equal([0, 50, 100], YValues(divided));
        using var aliases = Line("min=-50&max=200", data.Copy());
        Assert.Equal(YValues(bounded), YValues(aliases));
    }

    [Theory]
    [InlineData("si", 0, 5000, "k ")]
    [InlineData("binary", 0, 4096, "Ki ")]
    [InlineData("sec", 0, 86400, "H ")]
    [InlineData("msec", 0, 86_400_000, "H ")]
    public void YUnitSystem_names_the_units(string system, double low, double high, string suffix)
    {
        using var g = Line("yUnitSystem=" + system, Series("a", low, high));
        Assert.Contains(YLabels(g), l => l.EndsWith(suffix, StringComparison.Ordinal));
        using var none = Line("yUnitSystem=none", Series("a", low, high));
        Assert.All(YLabels(none), static l => Assert.Matches(@"^-?[\d.e+]+ $", l));
    }

    [Fact]
    public void LogBase_puts_ticks_at_powers()
    {
        using var g = Line("logBase=10", Series("a", 1, 50, 1000));
        Assert.Equal([1, 10, 100, 1000], YValues(g));
        using var two = Line("logBase=2", Series("a", 1, 50, 1000));
        Assert.Equal(Enumerable.Range(0, 11).Select(static p => Math.Pow(2, p)), YValues(two));
    }

    [Fact]
    public void LogBase_over_data_at_or_below_zero_is_an_error()
    {
        var error = Assert.Throws<GraphException>(() => Line("logBase=10", Series("a", -1, 5)));
        Assert.Contains("logarithmic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_y_axis_gets_its_own_labels_on_the_right()
    {
        var left = Series("left", 1, 2, 3);
        var right = Series("right", 1000, 3000, 5000);
        right.Options["secondYAxis"] = true;
        using var g = Line("width=600&height=300&yMaxRight=10000&vtitleRight=right+side", left, right);
        var metadata = g.Metadata();
        Assert.False(metadata.TryGetProperty("y", out _), "graphite-web leaves y out with two axes");
        var xmax = Area(g, "xmax");
        var rightLabels = g.Group("axes")!.Elements().Where(e => double.Parse((string)e.Attribute("x")!, CultureInfo.InvariantCulture) > xmax).Select(static e => e.Value.Trim()).ToList();
        Assert.Contains("10.0 k", rightLabels);
        Assert.Equal(["right side"], g.Texts("vtitleRight"));
    }

    [Fact]
    public void YAxisSide_right_puts_the_labels_on_the_right()
    {
        using var g = Line("width=500&height=300&yAxisSide=right", Series("a", 1, 2, 3));
        var xmax = Area(g, "xmax");
        var yLabelXs = g.Group("axes")!.Elements().Where(static e => !e.Value.Contains(':', StringComparison.Ordinal))
            .Select(static e => double.Parse((string)e.Attribute("x")!, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(yLabelXs);
        Assert.All(yLabelXs, x => Assert.True(x >= xmax, $"{x} < {xmax}"));
    }
}
