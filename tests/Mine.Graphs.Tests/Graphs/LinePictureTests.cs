using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>
/// Pixels of the decoded PNG where the answer is known: graphOnly plots fill the whole picture, so with yMin=0 and
/// yMax=100 on a 300 px high graph the value v is drawn at row 300 - 3v.
/// </summary>
public sealed class LinePictureTests
{
    private const string Plain = "width=400&height=300&graphOnly=true&yMin=0&yMax=100&lineWidth=3";

    [Fact]
    public void Png_has_the_requested_size()
    {
        using var g = Line("width=517&height=213", Constant("a", 5));
        Assert.Equal(517, g.Png.Width);
        Assert.Equal(213, g.Png.Height);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], g.PngBytes[..4]);
    }

    [Fact]
    public void A_line_is_drawn_where_its_value_is_and_background_elsewhere()
    {
        using var g = Line(Plain, Constant("low", 25), Constant("high", 75));
        // 25 → row 225, 75 → row 75; a 3 px line covers the two rows around it fully.
        Assert.True(g.IsColor(200, 224, Blue) && g.IsColor(200, 225, Blue), $"{g.Pixel(200, 224)} {g.Pixel(200, 225)}");
        Assert.True(g.IsColor(200, 74, Green) && g.IsColor(200, 75, Green));
        Assert.True(g.IsColor(200, 150, White));
        Assert.True(g.IsColor(200, 10, White));
        Assert.True(g.IsColor(200, 290, White));
    }

    [Fact]
    public void Bgcolor_and_templates_paint_the_background()
    {
        using var black = Line(Plain + "&bgcolor=000000", Constant("a", 50));
        Assert.True(black.IsColor(5, 5, Black));
        using var noc = Line("template=noc", Constant("a", 50));
        Assert.True(noc.IsColor(2, 2, Black));
        using var plain = Line("", Constant("a", 50));
        Assert.True(plain.IsColor(2, 2, White));
    }

    [Fact]
    public void ColorList_colours_the_series_in_turn()
    {
        using var g = Line(Plain + "&colorList=ff0000,0000ff", Constant("a", 25), Constant("b", 75), Constant("c", 50));
        Assert.True(g.IsColor(200, 225, (255, 0, 0)));
        Assert.True(g.IsColor(200, 75, (0, 0, 255)));
        Assert.True(g.IsColor(200, 150, (255, 0, 0)), "the list starts over");
    }

    [Fact]
    public void LineWidth_makes_lines_thicker()
    {
        using var thin = Line("width=400&height=300&graphOnly=true&yMin=0&yMax=100&lineWidth=1", Constant("a", 50));
        using var thick = Line("width=400&height=300&graphOnly=true&yMin=0&yMax=100&lineWidth=8", Constant("a", 50));
        Assert.InRange(thin.CountInColumnNot(200, White), 1, 2);
        Assert.InRange(thick.CountInColumnNot(200, White), 8, 9);
        using var thickness = Line("width=400&height=300&graphOnly=true&yMin=0&yMax=100&thickness=8", Constant("a", 50));
        Assert.Equal(thick.CountInColumnNot(200, White), thickness.CountInColumnNot(200, White));
    }

    [Fact]
    public void LineMode_staircase_holds_each_value_until_the_next()
    {
        double[] values = [20, 80, 20, 80];
        using var slope = Line(Plain + "&lineMode=slope", Series("a", values));
        using var stairs = Line(Plain + "&lineMode=staircase", Series("a", values));
        // Staircase: four steps of 100 px; the first step is flat at 20 (row 240).
        Assert.True(stairs.IsColor(50, 240, Blue), $"{stairs.Pixel(50, 240)}");
        Assert.False(stairs.IsColor(50, 150, Blue));
        // Slope: three segments over 400 px; the middle of the first crosses 50 (row 150).
        Assert.True(slope.RowsInColumn(66, Blue, 60).Any(static r => Math.Abs(r - 150) <= 3), string.Join(",", slope.RowsInColumn(66, Blue, 60)));
        Assert.False(slope.IsColor(5, 150, Blue));
    }

    [Fact]
    public void LineMode_connected_bridges_gaps_that_slope_leaves_open()
    {
        double[] values = [50, 50, double.NaN, double.NaN, double.NaN, 50, 50];
        using var slope = Line(Plain + "&lineMode=slope", Series("a", values));
        using var connected = Line(Plain + "&lineMode=connected", Series("a", values));
        using var limited = Line(Plain + "&lineMode=connected&connectedLimit=2", Series("a", values));
        // Points every 66.7 px; the gap spans x 133..333 (slope draws one flat step into it, to x 200).
        Assert.False(slope.IsColor(260, 150, Blue));
        Assert.True(connected.IsColor(260, 150, Blue));
        Assert.False(limited.IsColor(260, 150, Blue), "a gap of 3 exceeds connectedLimit=2");
    }

    [Fact]
    public void DrawNullAsZero_draws_gaps_at_zero()
    {
        double[] values = [50, 50, double.NaN, double.NaN, double.NaN, 50, 50];
        const string Options = "width=400&height=300&graphOnly=true&yMin=-100&yMax=100&lineWidth=3";
        using var gaps = Line(Options, Series("a", values));
        using var zeros = Line(Options + "&drawNullAsZero=true", Series("a", values));
        Assert.False(gaps.IsColor(233, 150, Blue));
        Assert.True(zeros.IsColor(233, 150, Blue) || zeros.IsColor(233, 149, Blue));
    }

    [Theory]
    [InlineData("all")]
    [InlineData("first")]
    [InlineData("stacked")]
    public void AreaMode_fills_below_the_line(string mode)
    {
        using var none = Line(Plain, Constant("a", 50));
        using var area = Line(Plain + "&areaMode=" + mode, Constant("a", 50));
        Assert.True(none.IsColor(200, 250, White));
        Assert.True(area.IsColor(200, 250, Blue), $"{area.Pixel(200, 250)}");
        Assert.True(area.IsColor(200, 50, White), "nothing above the line");
    }

    [Fact]
    public void Stacked_areas_sit_on_each_other()
    {
        using var g = Line(Plain + "&areaMode=stacked", Constant("a", 20), Constant("b", 30));
        Assert.True(g.IsColor(200, 280, Blue), "0..20 is the first series");
        Assert.True(g.IsColor(200, 200, Green), $"20..50 is the second: {g.Pixel(200, 200)}");
        Assert.True(g.IsColor(200, 120, White), "above 50 nothing");
    }

    [Fact]
    public void AreaAlpha_makes_areas_translucent()
    {
        using var g = Line(Plain + "&areaMode=all&areaAlpha=0.5", Constant("a", 50));
        var (r, gr, b, _) = g.Pixel(200, 250);
        // Half blue (100,100,255) over white.
        Assert.InRange(r, 170, 185);
        Assert.InRange(gr, 170, 185);
        Assert.InRange(b, 250, 255);
        Assert.True(g.IsColor(200, 149, Blue, 20), "the outline is drawn opaque on top");
    }

    [Fact]
    public void MinXStep_consolidates_points_to_pixel_columns()
    {
        var values = Enumerable.Range(0, 2000).Select(static i => (double)(i % 100)).ToArray();
        using var g = Line("width=400&height=300", Series("a", values));
        using var coarse = Line("width=400&height=300&minXStep=5", Series("a", values));
        var perPoint = g.Metadata().GetProperty("series")[0].GetProperty("valuesPerPoint").GetInt32();
        var coarsePerPoint = coarse.Metadata().GetProperty("series")[0].GetProperty("valuesPerPoint").GetInt32();
        Assert.InRange(perPoint, 5, 7);
        Assert.True(coarsePerPoint >= 5 * perPoint - 5, $"{coarsePerPoint} vs {perPoint}");
    }

    [Fact]
    public void No_data_says_so_in_red()
    {
        using var g = Line("width=600&height=400");
        Assert.Equal(["No Data"], g.Texts());
        var reddish = 0;
        for (var x = 0; x < 600; x++)
        {
            for (var y = 0; y < 400; y++)
            {
                var (r, gr, b, _) = g.Pixel(x, y);
                reddish += r > 150 && gr < 120 && b < 150 ? 1 : 0;
            }
        }

        Assert.True(reddish > 40, $"{reddish} red pixels");
    }

    [Fact]
    public void DrawAsInfinite_draws_full_height_lines_where_the_value_is_positive()
    {
        var marks = Series("deploys", 0, 0, 0, 1, 0, 0, 0);
        marks.Options["drawAsInfinite"] = true;
        using var g = Line(Plain, Constant("a", 10, 7), marks);
        // Point 3 of 7: 6 intervals over 396 px (the width less lineWidth + 1), from x = lineWidth / 2: x = 199.5.
        var rows = g.RowsInColumn(199, Green, 40);
        Assert.True(rows.Count > 250, $"{rows.Count} rows");
    }

    [Fact]
    public void Series_options_colour_dash_and_hide_lines()
    {
        var red = Constant("red", 50);
        red.Options["color"] = "ff0000";
        using var g = Line(Plain, red);
        Assert.True(g.IsColor(200, 150, (255, 0, 0)));

        var dashed = Constant("dashed", 50);
        dashed.Options["dashed"] = 10.0;
        using var d = Line(Plain, dashed);
        var lit = Enumerable.Range(10, 380).Count(x => d.IsColor(x, 150, Blue, 60));
        Assert.InRange(lit, 150, 230);

        var invisible = Constant("invisible", 50);
        invisible.Options["invisible"] = true;
        using var i = Line(Plain, invisible);
        Assert.True(i.IsColor(200, 150, White));

        var translucent = Constant("alpha", 50);
        translucent.Options["alpha"] = 0.3;
        using var t = Line(Plain, translucent);
        var (r, _, _, _) = t.Pixel(200, 150);
        Assert.InRange(r, 200, 240);
    }
}
