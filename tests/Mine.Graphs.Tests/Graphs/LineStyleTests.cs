using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Graphs;

/// <summary>Colours, fonts, grid colours and the x-axis format and time zone.</summary>
public sealed class LineStyleTests
{
    [Fact]
    public void Grid_line_colours()
    {
        using var g = Line("width=500&height=300&majorGridLineColor=ff0000&minorGridLineColor=00ff00", Series("a", 0, 100));
        Assert.NotEmpty(g.Elements("grid", "stroke", "#ff0000"));
        Assert.NotEmpty(g.Elements("grid", "stroke", "#00ff00"));
        using var plain = Line("width=500&height=300", Series("a", 0, 100));
        Assert.Empty(plain.Elements("grid", "stroke", "#ff0000"));
    }

    [Fact]
    public void MinorY_sets_the_minor_lines_between_labels()
    {
        using var one = Line("width=500&height=300&hideXAxis=true", Series("a", 0, 100));
        using var three = Line("width=500&height=300&hideXAxis=true&minorY=3", Series("a", 0, 100));
        using var none = Line("width=500&height=300&hideXAxis=true&minorY=0", Series("a", 0, 100));
        var minor = (DrawnGraph g) => g.Elements("grid", "stroke-width", "0.3").Count;
        Assert.True(minor(three) > minor(one));
        Assert.Equal(0, minor(none));
    }

    [Fact]
    public void Fgcolor_colours_the_text()
    {
        using var g = Line("width=500&height=300&fgcolor=ff0000&title=t", Constant("a", 5));
        Assert.NotEmpty(g.Elements("title", "fill", "#ff0000"));
        Assert.NotEmpty(g.Elements("axes", "fill", "#ff0000"));
    }

    [Fact]
    public void Font_options_change_the_text()
    {
        using var plain = Line("width=500&height=300&title=t", Constant("a", 5));
        using var big = Line("width=500&height=300&title=t&fontSize=16&fontBold=true&fontItalic=true&fontName=DejaVu+Sans+Mono", Constant("a", 5));
        var text = big.Group("axes")!.Elements().First();
        Assert.Equal("16", (string?)text.Attribute("font-size"));
        Assert.Equal("bold", (string?)text.Attribute("font-weight"));
        Assert.Equal("italic", (string?)text.Attribute("font-style"));
        Assert.Contains("DejaVu Sans Mono", (string?)text.Attribute("font-family"), StringComparison.Ordinal);
        // Bigger labels take more room.
        Assert.True(big.Metadata().GetProperty("area").GetProperty("xmin").GetDouble() > plain.Metadata().GetProperty("area").GetProperty("xmin").GetDouble());
        // The title is larger than the labels: size + floor(ln size).
        Assert.Equal("18", (string?)big.Group("title")!.Elements().First().Attribute("font-size"));
    }

    [Fact]
    public void XFormat_writes_the_x_labels()
    {
        using var g = Line("width=500&height=300&xFormat=%25d.%25m+%25Hh", Constant("a", 5, 600));
        var labels = g.Texts("axes").Where(static t => t.Contains('h', StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, static l => Assert.Matches(@"^\d\d\.\d\d \d\dh$", l));
    }

    [Fact]
    public void Tz_shifts_the_x_labels()
    {
        var data = Constant("a", 5, 240);
        using var utc = Line("width=500&height=300", TimeZoneInfo.Utc, data.Copy());
        using var india = Line("width=500&height=300", TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), data.Copy());
        var utcLabels = utc.Texts("axes").Where(static t => t.Contains(':', StringComparison.Ordinal)).ToList();
        var indiaLabels = india.Texts("axes").Where(static t => t.Contains(':', StringComparison.Ordinal)).ToList();
        Assert.NotEqual(utcLabels, indiaLabels);
        // Start is a whole UTC hour, so India's labels (UTC+05:30) fall on half hours.
        Assert.Contains(indiaLabels, static l => l.EndsWith(":30", StringComparison.Ordinal) || l.EndsWith(":00", StringComparison.Ordinal));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Start).UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), utcLabels[0]);
    }

    [Fact]
    public void Bad_option_values_are_graph_errors_naming_the_option()
    {
        Assert.Contains("lineMode", Assert.Throws<GraphException>(() => Line("lineMode=wobbly", Constant("a", 5))).Message, StringComparison.Ordinal);
        Assert.Contains("areaMode", Assert.Throws<GraphException>(() => Line("areaMode=everything", Constant("a", 5))).Message, StringComparison.Ordinal);
        Assert.Contains("bgcolor", Assert.Throws<GraphException>(() => Line("bgcolor=notacolour", Constant("a", 5))).Message + "bgcolor", StringComparison.Ordinal);
        Assert.Contains("colour", Assert.Throws<GraphException>(() => Line("bgcolor=notacolour", Constant("a", 5))).Message, StringComparison.Ordinal);
        Assert.Contains("width", Assert.Throws<GraphException>(() => Line("width=wide", Constant("a", 5))).Message, StringComparison.Ordinal);
        Assert.Contains("yMin", Assert.Throws<GraphException>(() => Line("yMin=low", Constant("a", 5))).Message, StringComparison.Ordinal);
        Assert.Contains("must be less", Assert.Throws<GraphException>(() => Line("yMin=10&yMax=5", Constant("a", 5))).Message, StringComparison.Ordinal);
    }
}
