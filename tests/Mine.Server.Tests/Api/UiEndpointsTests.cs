using System.Net;
using System.Text.RegularExpressions;

namespace Mine.Server.Tests.Api;

/// <summary>The embedded UI is served at the app's routes without hiding any API route.</summary>
public class UiEndpointsTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/host/web-001")]
    [InlineData("/host/web-001.example.com")]
    [InlineData("/group/web")]
    [InlineData("/landmines")]
    [InlineData("/alerts")]
    [InlineData("/explore")]
    public async Task App_routes_answer_the_page(string path)
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal); // nothing from a CDN
    }

    [Fact]
    public async Task Assets_are_served_with_long_caching_and_revalidation()
    {
        await using var server = await MineTestServer.StartAsync();
        var html = await server.Http.GetStringAsync("/");
        var script = Regex.Match(html, "src=\"(/ui/main-[A-Z0-9]+\\.js)\"").Groups[1].Value;
        var style = Regex.Match(html, "href=\"(/ui/main-[A-Z0-9]+\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        Assert.NotEmpty(style);

        var js = await server.Http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", js.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(style)).StatusCode);

        using var again = new HttpRequestMessage(HttpMethod.Get, script);
        again.Headers.TryAddWithoutValidation("If-None-Match", js.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Http.SendAsync(again)).StatusCode);

        using var compressed = new HttpRequestMessage(HttpMethod.Get, script);
        compressed.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        var br = await server.Http.SendAsync(compressed);
        Assert.Equal("br", br.Content.Headers.ContentEncoding.Single());
        Assert.True((await br.Content.ReadAsByteArrayAsync()).Length < (await js.Content.ReadAsByteArrayAsync()).Length);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/ui/nope.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/ui/index.html")).StatusCode);
    }

    [Fact]
    public async Task Api_routes_are_not_taken_by_the_app()
    {
        await using var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"web-001.load.load.shortterm 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        foreach (var path in new[] { "/render?target=web-001.load.load.shortterm&format=json&from=-5min", "/metrics/find?query=*", "/functions", "/version", "/tags", "/api/fleet/hosts", "/api/fleet/groups", "/events/get_data", "/health" })
        {
            var response = await server.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            if (path == "/version")
            {
                // graphite-web's /version is text/html too (its template, "1.1.8\n"): told apart by the body.
                Assert.Equal("1.1.8\n", await response.Content.ReadAsStringAsync());
                continue;
            }

            Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/no-such-page")).StatusCode);
    }
}
