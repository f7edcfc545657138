using System.Text.Json;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Output;

/// <summary>The SVG keeps graphite-web's structure (class="graphite", one group per part) and metadata script.</summary>
public sealed class SvgStructureTests
{
    [Fact]
    public void Parts_are_groups_inside_the_graphite_group_in_drawing_order()
    {
        using var g = Line("width=500&height=300&title=t&vtitle=v", Constant("a", 5));
        var root = g.Svg.Root!;
        Assert.Equal("500px", (string?)root.Attribute("width"));
        Assert.Equal("300px", (string?)root.Attribute("height"));
        var graphite = root.Elements().First(static e => e.Name.LocalName == "g");
        Assert.Equal("graphite", (string?)graphite.Attribute("class"));
        var parts = graphite.Elements().Where(static e => e.Name.LocalName == "g").Select(static e => (string?)e.Attribute("class")).ToList();
        Assert.Equal(["title", "vtitle", "legend", "axes", "grid", "lines"], parts);
    }

    [Fact]
    public void Metadata_describes_axes_area_and_series_like_graphite_web()
    {
        var series = Series("servers.web-01.load", 1, double.NaN, 3);
        series.Options["dashed"] = 5.0;
        series.Options["color"] = "ff0000";
        using var g = Line("width=500&height=300&lineWidth=2", series);
        var metadata = g.Metadata();
        Assert.Equal(["x", "options", "font", "area", "series", "y"], metadata.EnumerateObject().Select(static p => p.Name));
        Assert.Equal(Start, metadata.GetProperty("x").GetProperty("start").GetInt64());
        Assert.Equal(Start + 120, metadata.GetProperty("x").GetProperty("end").GetInt64());
        Assert.Equal(2.0, metadata.GetProperty("options").GetProperty("lineWidth").GetDouble());
        Assert.Equal("Sans", metadata.GetProperty("font").GetProperty("name").GetString());
        Assert.Equal(10, metadata.GetProperty("font").GetProperty("size").GetInt32());
        var s = metadata.GetProperty("series")[0];
        Assert.Equal("servers.web-01.load", s.GetProperty("name").GetString());
        Assert.Equal("ff0000", s.GetProperty("color").GetString());
        Assert.Equal(60, s.GetProperty("step").GetInt32());
        Assert.Equal(5.0, s.GetProperty("options").GetProperty("dashed").GetDouble());
        Assert.False(s.GetProperty("options").TryGetProperty("color", out _));
        Assert.Equal("NaN", s.GetProperty("data")[1].GetString());
        Assert.Equal(3.0, s.GetProperty("data")[2].GetDouble());
        Assert.Equal(JsonValueKind.Array, metadata.GetProperty("y").GetProperty("labels").ValueKind);
        Assert.Contains("metadata = {\"x\": {\"start\": ", g.SvgText, StringComparison.Ordinal);
    }

    [Fact]
    public void Stacked_series_are_left_out_of_the_metadata()
    {
        using var g = Line("areaMode=stacked", Constant("a", 1), Constant("b", 2));
        Assert.Equal(0, g.Metadata().GetProperty("series").GetArrayLength());
    }

    [Fact]
    public void Names_with_markup_and_control_characters_stay_well_formed()
    {
        using var g = Line("width=500&height=300&title=%3Cb%3E%26%22%27", Constant("a<&>\"'\u0001\u00e9", 5));
        Assert.Equal(["<b>&\"'"], g.Texts("title"));
        Assert.Equal(["a<&>\"'\u00e9"], g.Texts("legend"));
        Assert.Contains("\\u00e9", g.SvgText, StringComparison.Ordinal);
    }
}
