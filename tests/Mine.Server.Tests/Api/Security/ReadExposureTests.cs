using System.Net;
using System.Xml.Linq;

namespace Mine.Server.Tests.Api.Security;

/// <summary>
/// What other sites can do with Mine's answers: jsonp is off unless enabled and then takes JavaScript names
/// only; an SVG of a series with a hostile name keeps its one script; answers carry a Content-Security-Policy
/// that lets nothing run and nosniff, while the UI's pages keep the policy that loads their scripts.
/// </summary>
public class ReadExposureTests
{
    private const string Hostile = "x.a]]></script><script>alert(1)</script><script><![CDATA[";

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData("/render?format=json&target=constantLine(1)&jsonp=cb")]
    [InlineData("/render?format=dygraph&target=constantLine(1)&jsonp=cb")]
    [InlineData("/metrics/find?query=*&jsonp=cb")]
    [InlineData("/events/get_data?jsonp=cb")]
    public async Task Jsonp_is_off_by_default(string url)
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Mine:Jsonp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cb", true)]
    [InlineData("jQuery.cb_1$", true)]
    [InlineData("alert(1)//", false)]
    [InlineData("a;b", false)]
    [InlineData("<script>", false)]
    [InlineData("a..b", false)]
    [InlineData("1cb", false)]
    [InlineData("", false)]
    public async Task An_enabled_jsonp_takes_javascript_names_only(string callback, bool accepted)
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Jsonp"] = "true" });
        foreach (var url in new[] { "/render?format=json&target=constantLine(1)", "/render?format=rickshaw&target=constantLine(1)", "/render?format=svg&target=constantLine(1)", "/events/get_data?from=-1h" })
        {
            var response = await server.Http.GetAsync($"{url}&jsonp={Uri.EscapeDataString(callback)}");
            var body = await response.Content.ReadAsStringAsync();
            if (accepted)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.StartsWith(callback + "(", body, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains("not a JavaScript name", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_hostile_series_name_stays_data_in_its_svg()
    {
        await using var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"{Hostile} 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        var response = await server.Http.GetAsync("/render?format=svg&from=-10min&target=x.*");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var svg = XDocument.Parse(text);
        var script = Assert.Single(svg.Descendants(Svg + "script"));
        Assert.Contains("metadata = ", script.Value, StringComparison.Ordinal);
        var json = System.Text.RegularExpressions.Regex.Match(script.Value, @"metadata = (\{.*\})", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var name = System.Text.Json.JsonDocument.Parse(json.Replace("NaN", "0", StringComparison.Ordinal)).RootElement.GetProperty("series")[0].GetProperty("name").GetString();
        Assert.Equal(Hostile, name);
        Assert.Equal(ExpectedApiPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private const string ExpectedApiPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    [Theory]
    [InlineData("/render?format=png&target=constantLine(1)")]
    [InlineData("/render?format=pdf&target=constantLine(1)")]
    [InlineData("/render?format=json&target=constantLine(1)")]
    [InlineData("/render?format=json&target=nope(")]
    [InlineData("/metrics/find?query=*")]
    [InlineData("/tags")]
    [InlineData("/_internal/metrics")]
    public async Task Api_answers_let_nothing_run(string url)
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync(url);
        Assert.Equal(ExpectedApiPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_ui_keeps_its_own_policy_that_loads_its_scripts()
    {
        await using var server = await MineTestServer.StartAsync();
        var page = await server.Http.GetAsync("/");
        if (page.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return; // built without the UI
        }

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/ui/[^\"]+\\.js)\"").Groups[1].Value;
        var asset = await server.Http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.StartsWith("text/javascript", asset.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }
}
