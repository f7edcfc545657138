using System.Xml.Linq;
using static Mine.Graphs.Tests.GraphTestKit;

namespace Mine.Graphs.Tests.Security;

/// <summary>
/// Series names, titles and options are written into an SVG that browsers run scripts from: whatever they hold
/// stays text, and the picture keeps exactly graphite-web's one script element.
/// </summary>
public sealed class SvgInjectionTests
{
    private const string Hostile = "a]]></script><script>alert(1)</script><script><![CDATA[";

    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_series_name_that_closes_the_metadata_stays_data_inside_the_one_script()
    {
        using var g = Line("width=400&height=250", Series(Hostile, 1, 2, 3));

        // Well-formed XML with exactly one script element, whose metadata holds the name as a string.
        var document = XDocument.Parse(g.SvgText);
        var script = Assert.Single(document.Descendants(Ns + "script"));
        Assert.DoesNotContain("alert(1)</script>", g.SvgText, StringComparison.Ordinal);
        Assert.Equal(Hostile, g.Metadata().GetProperty("series")[0].GetProperty("name").GetString());
        Assert.StartsWith("metadata = ", script.Value.Trim(), StringComparison.Ordinal);

        // The legend shows the name as text.
        Assert.Contains(Hostile, g.Texts("legend"));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("vtitle")]
    [InlineData("fontName")]
    public void Text_options_cannot_add_elements(string option)
    {
        var value = Uri.EscapeDataString("\"/><script>alert(1)</script><text x=\"");
        using var g = Line($"width=400&height=250&{option}={value}", Series("a", 1, 2));
        var document = XDocument.Parse(g.SvgText);
        var script = Assert.Single(document.Descendants(Ns + "script"));
        Assert.StartsWith("metadata = ", script.Value.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", g.SvgText, StringComparison.Ordinal);
    }

    [Fact]
    public void Cdata_text_is_split_around_its_terminator()
    {
        var svg = new System.Text.StringBuilder("<r><![CDATA[");
        Mine.Graphs.Output.SvgWriter.AppendCData(svg, "x]]>y]]>");
        svg.Append("]]></r>");
        Assert.Equal("x]]>y]]>", XDocument.Parse(svg.ToString()).Root!.Value);
    }
}
