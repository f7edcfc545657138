using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mine.Server.Tests.Api.Security;

/// <summary>
/// Every request that changes state needs the admin token, from loopback too, and is refused when a browser says
/// another site's page sent it; events must be JSON.
/// </summary>
public class WriteAccessTests
{
    private const string Event = """{"what": "deploy", "tags": ["web"], "data": "v2"}""";

    /// <summary>Each write with a body it accepts (the tag writes only validate; delSeries answers 501).</summary>
    public static TheoryData<string, string?, string, HttpStatusCode> Writes => new()
    {
        { "/events", Event, "application/json", HttpStatusCode.OK },
        { "/_internal/flush", null, "", HttpStatusCode.OK },
        { "/_internal/compact", null, "", HttpStatusCode.OK },
        { "/_internal/import", "", "application/octet-stream", HttpStatusCode.BadRequest },
        { "/tags/tagSeries", "path=a.b%3Bdc%3Dla", "application/x-www-form-urlencoded", HttpStatusCode.OK },
        { "/tags/tagMultiSeries", "path=a.b%3Bdc%3Dla", "application/x-www-form-urlencoded", HttpStatusCode.OK },
        { "/tags/delSeries", "path=a.b%3Bdc%3Dla", "application/x-www-form-urlencoded", HttpStatusCode.NotImplemented },
        { "/api/alerts/silences", """{"host": "web-1", "duration": "1h"}""", "application/json", HttpStatusCode.Created },
    };

    internal static HttpRequestMessage Post(string path, string? body = null, string contentType = "application/json", string? token = null, string? origin = null)
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
        var plain = await server.Admin.SendAsync(Post("/events", Event, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("application/json", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Admin.SendAsync(Post("/events", Event, "application/x-www-form-urlencoded"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.Admin.SendAsync(Post("/events", Event, "application/json; charset=utf-8"))).StatusCode);
        Assert.Equal("deploy", System.Text.Json.JsonDocument.Parse(await server.Http.GetStringAsync("/events/get_data?from=-1h")).RootElement[0].GetProperty("what").GetString());
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Every_write_needs_the_admin_token_even_from_loopback(string path, string? body, string contentType, HttpStatusCode accepted)
    {
        await using var server = await MineTestServer.StartAsync();

        var missing = await server.Http.SendAsync(Post(path, body, contentType));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("admin token", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Post(path, body, contentType, token: server.AdminToken[..^1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Post(path, body, contentType, token: server.AdminToken + "0"))).StatusCode);

        Assert.Equal(accepted, (await server.Http.SendAsync(Post(path, body, contentType, token: server.AdminToken))).StatusCode);
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/_internal/flush")]
    [InlineData("/_internal/compact")]
    public async Task Writes_from_another_site_s_page_are_refused_even_with_the_token(string path)
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminToken"] = "s3cret-of-sixteen-characters" });
        var body = path == "/events" ? Event : null;

        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(Post(path, body, token: "s3cret-of-sixteen-characters", origin: "https://evil.example"))).StatusCode);
        var fetchMetadata = Post(path, body, token: "s3cret-of-sixteen-characters");
        fetchMetadata.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Http.SendAsync(fetchMetadata)).StatusCode);

        // Scripts (no Origin) and the server's own pages may, with the token.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body, token: "s3cret-of-sixteen-characters"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post(path, body, token: "s3cret-of-sixteen-characters", origin: server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)))).StatusCode);
    }

    [Fact]
    public async Task A_configured_token_is_the_only_one_and_no_file_is_made()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:AdminToken"] = "s3cret-of-sixteen-characters" });

        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "admin-token")));
        Assert.Equal(HttpStatusCode.OK, (await server.Http.SendAsync(Post("/_internal/flush", token: "s3cret-of-sixteen-characters"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(Post("/_internal/flush"))).StatusCode);
    }

    [Fact]
    public async Task Refused_writes_are_counted()
    {
        await using var server = await MineTestServer.StartAsync();
        await server.Http.SendAsync(Post("/events", Event));
        await server.Http.SendAsync(Post("/_internal/flush"));
        var text = await server.Http.GetStringAsync("/_internal/metrics");
        Assert.Contains("mine_http_responses_total{endpoint=\"events\",code=\"401\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mine_http_responses_total{endpoint=\"_internal\",code=\"401\"} 1", text, StringComparison.Ordinal);
    }
}
