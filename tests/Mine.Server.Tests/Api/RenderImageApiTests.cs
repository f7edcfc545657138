using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SkiaSharp;

namespace Mine.Server.Tests.Api;

/// <summary>One server with a little data for the picture tests.</summary>
public sealed class ImageServerFixture : IAsyncLifetime
{
    public static readonly long Start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 7200;

    private MineTestServer? _server;

    public HttpClient Http => _server!.Http;

    public async Task InitializeAsync()
    {
        // jsonp is off by default; these tests check graphite-web's wrapping of an SVG in a callback.
        _server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Jsonp"] = "true" });
        var server = _server;
        var lines = new System.Text.StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            var t = Start + (i * 60);
            lines.Append($"web-01.load {20 + (i % 10)} {t}\nweb-02.load {60 + (i % 7)} {t}\nweb-03.load {40} {t}\n");
            lines.Append($"web-01.rx {1000 * i} {t}\nweb-02.rx {500 * i} {t}\n");
        }

        await server.SendPlaintextAsync(lines.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", 300);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// /render as a picture through the real evaluator: PNG by default and with format=png, SVG and PDF, pie graphs, the
/// Graph functions' effect on what is drawn, and clear 400s for bad graph options.
/// </summary>
public sealed class RenderImageApiTests(ImageServerFixture fixture) : IClassFixture<ImageServerFixture>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string Range => $"from={ImageServerFixture.Start}&until={ImageServerFixture.Start + 3540}";

    private HttpClient Http => fixture.Http;

    private async Task<XDocument> SvgAsync(string query)
    {
        var response = await Http.GetAsync($"/render?{query}&format=svg&{Range}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(body);
    }

    private static List<XElement> Part(XDocument svg, string part)
        => svg.Root!.Descendants(Svg + "g").FirstOrDefault(g => (string?)g.Attribute("class") == part)?.Descendants().ToList() ?? [];

    [Fact]
    public async Task No_format_draws_graphite_webs_default_png()
    {
        var response = await Http.GetAsync($"/render?target=web-*.load&{Range}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(330, bitmap.Width);
        Assert.Equal(250, bitmap.Height);
        Assert.Equal(SKColors.White, bitmap.GetPixel(1, 1));
        // Some pixels carry the first series' colour (blue 100,100,255).
        var blue = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var c = bitmap.GetPixel(x, y);
                blue += c.Red is > 90 and < 110 && c.Green is > 90 and < 110 && c.Blue > 245 ? 1 : 0;
            }
        }

        Assert.True(blue > 50, $"{blue} blue pixels");
    }

    [Fact]
    public async Task Svg_and_pdf_formats()
    {
        var svg = await SvgAsync("target=web-*.load&width=600&height=300&title=Load");
        Assert.Equal("600px", (string?)svg.Root!.Attribute("width"));
        Assert.Equal(["Load"], Part(svg, "title").Select(static e => e.Value));
        Assert.Equal(["web-01.load", "web-02.load", "web-03.load"], Part(svg, "legend").Where(static e => e.Name.LocalName == "text").Select(static e => e.Value));
        Assert.Matches(@"metadata = \{""x"": \{""start"": \d+", svg.Root!.Element(Svg + "script")!.Value);

        var pdf = await Http.GetAsync($"/render?target=web-*.load&format=pdf&{Range}");
        Assert.Equal("application/x-pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var jsonp = await Http.GetStringAsync($"/render?target=web-01.load&format=svg&jsonp=cb&{Range}");
        Assert.StartsWith("cb(\"<?xml", jsonp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_functions_change_what_is_drawn()
    {
        var colored = await SvgAsync("target=color(web-01.load,'ff0000')");
        Assert.Contains(Part(colored, "lines"), static e => (string?)e.Attribute("stroke") == "#ff0000");

        var dashed = await SvgAsync("target=dashed(web-01.load,4)");
        Assert.Contains(Part(dashed, "lines"), static e => (string?)e.Attribute("stroke-dasharray") == "4");

        var wide = await SvgAsync("target=lineWidth(web-01.load,5)");
        Assert.Contains(Part(wide, "lines"), static e => (string?)e.Attribute("stroke-width") == "5");

        var translucent = await SvgAsync("target=alpha(web-01.load,0.3)");
        Assert.Contains(Part(translucent, "lines"), static e => (string?)e.Attribute("stroke-opacity") == "0.3");

        var stacked = await SvgAsync("target=stacked(web-0[12].load)");
        Assert.True(Part(stacked, "lines").Count(static e => e.Name.LocalName == "path" && (string?)e.Attribute("fill") != "none") >= 2, "stacked areas are filled");

        var band = await SvgAsync("target=areaBetween(web-0[12].load)");
        Assert.Contains(Part(band, "lines"), static e => e.Name.LocalName == "path" && (string?)e.Attribute("fill") == "#00c800");

        var second = await SvgAsync("target=web-01.load&target=secondYAxis(web-01.rx)");
        Assert.Contains(Part(second, "axes"), static e => e.Value.Trim().EndsWith('k'));

        var threshold = await SvgAsync("target=web-01.load&target=threshold(50,'limit','ff0000')");
        Assert.Contains("limit", Part(threshold, "legend").Select(static e => e.Value));
        Assert.Contains(Part(threshold, "lines"), static e => (string?)e.Attribute("stroke") == "#ff0000");

        var infinite = await SvgAsync("target=drawAsInfinite(web-03.load)");
        Assert.Contains(Part(infinite, "lines"), static e => Regex.IsMatch((string?)e.Attribute("d") ?? "", @"^M [\d.]+ [\d.]+ L [\d.]+ [\d.]+$"));

        var legend = await SvgAsync("target=legendValue(web-03.load,'avg')&target=cactiStyle(web-01.load)");
        var names = Part(legend, "legend").Where(static e => e.Name.LocalName == "text").Select(static e => e.Value).ToList();
        Assert.Contains(names, static n => n.StartsWith("web-03.load (avg: 40", StringComparison.Ordinal));
        Assert.Contains(names, static n => n.Contains("Current:", StringComparison.Ordinal));

        var vertical = await SvgAsync($"target=web-01.load&target=verticalLine('{ImageServerFixture.Start + 1800}','deploy','00ff00')");
        Assert.Contains(Part(vertical, "lines"), static e => (string?)e.Attribute("stroke") == "#00ff00");
    }

    [Fact]
    public async Task Pie_graphs_of_values_and_of_series()
    {
        var literal = await SvgAsync("graphType=pie&target=a:3&target=b:1&hideLegend=true");
        Assert.Equal(["%75.00", "%25.00"], literal.Root!.Descendants(Svg + "text").Select(static t => t.Value));

        var series = await SvgAsync("graphType=pie&target=web-0[12].load&pieMode=maximum&valueLabels=number");
        var texts = series.Root!.Descendants(Svg + "text").Select(static t => t.Value).ToList();
        Assert.Equal(["web-01.load", "web-02.load", "29", "66"], texts);

        var png = await Http.GetAsync($"/render?graphType=pie&target=a:1&{Range}");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("target=web-01.load&lineMode=wobbly", "lineMode")]
    [InlineData("target=web-01.load&bgcolor=nocolour", "colour 'nocolour'")]
    [InlineData("target=web-01.load&width=wide", "width")]
    [InlineData("target=web-01.load&logBase=10&yMin=-5", "logarithmic")]
    [InlineData("target=web-01.load&format=gif", "format 'gif'")]
    [InlineData("target=web-01.load&graphType=bars", "graphType 'bars'")]
    [InlineData("graphType=pie&target=a:b", "Invalid target 'a:b'")]
    [InlineData("graphType=pie&target=web-01.load&pieMode=median", "pieMode 'median'")]
    public async Task Bad_graph_requests_are_400s_naming_the_problem(string query, string expected)
    {
        var response = await Http.GetAsync($"/render?{query}&{Range}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }
}
