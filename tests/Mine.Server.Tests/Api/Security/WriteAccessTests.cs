using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mine.Server.Tests.Api.Security;

/// <summary>
/// Writes over HTTP (POST /events, /_internal/flush, /_internal/compact) need the admin token, or without one
/// come from loopback and not from a browser page of another origin; events must be JSON.
/// </summary>
public class WriteAccessTests
{
    private const string Event = """{"what": "deploy", "tags": ["web"], "data": "v2"}""";

    private static HttpRequestMessage Post(string path, string? body = null, string contentType = "application/json", string? token = null, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Fact]
    public async Task Events_must_be_posted_as_json()
    {
        await using var server = await MineTestServer.StartAsync();

        // A web page can send text/plain (or a form) anywhere without asking: that would be cross-site request forgery.
        var plain = await server.Http.SendAsync(Post("/events", Event, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("application/json", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Http.SendAsync(Post("/events", Event, "application/x-www-form-urlencoded"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post("/events", Event, "application/json; charset=utf-8"))).StatusCode);
        Assert.Equal("deploy", System.Text.Json.JsonDocument.Parse(await server.Http.GetStringAsync("/events/get_data?from=-1h")).RootElement[0].GetProperty("what").GetString());
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/_internal/flush")]
    [InlineData("/_internal/compact")]
    public async Task Without_a_token_writes_from_another_site_s_page_are_refused(string path)
    {
        await using var server = await MineTestServer.StartAsync();
        var body = path == "/events" ? Event : null;

        var crossSite = await server.Http.SendAsync(Post(path, body, origin: "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);

        var fetchMetadata = Post(path, body);
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(fetchMetadata)).StatusCode);

        // The operator's own scripts on the same host (no Origin) and the server's own pages may.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body, origin: server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)))).StatusCode);
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/_internal/flush")]
    [InlineData("/_internal/compact")]
    public async Task With_a_token_configured_writes_need_it(string path)
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminToken"] = "s3cret" });
        var body = path == "/events" ? Event : null;

        var missing = await server.Http.SendAsync(Post(path, body));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Post(path, body, token: "s3cre"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Post(path, body, token: "s3cret2"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body, token: "s3cret"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body, token: "s3cret", origin: "https://dashboards.example"))).StatusCode);
    }

    [Fact]
    public async Task Refused_writes_are_counted()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminToken"] = "s3cret" });
        await server.Http.SendAsync(Post("/events", Event));
        await server.Http.SendAsync(Post("/_internal/flush"));
        var text = await server.Http.GetStringAsync("/_internal/metrics");
        Assert.Contains("mine_http_responses_total{endpoint=\"events\",code=\"401\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mine_http_responses_total{endpoint=\"_internal\",code=\"401\"} 1", text, StringComparison.Ordinal);
    }
}
