using System.Net;
using System.Text;

namespace Mine.Server.Tests.Api;

/// <summary>One server with tagged series ingested over plaintext, shared by the tag API tests.</summary>
public sealed class TaggedSeriesServer : IAsyncLifetime
{
    public static readonly string[] Lines =
    [
        "disk.used;dc=la;host=a",
        "disk.used;host=b;dc=la", // canonicalised on ingest
        "disk.used;dc=ny;host=c",
        "disk.free;dc=la;host=a",
        "cpu.load;dc=ny;host=a;rack=r1",
        "cpu.load;dc=sf;env=prod;host=d;rack=r2",
        "net.rx;dc=la-2;host=e",
        "q.expr;expr=a=b;host=a",
        "web.hits;dc=LA;host=b",
        "plain.metric",
    ];

    internal MineTestServer Server { get; private set; } = null!;

    public long Timestamp { get; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;

    public async Task InitializeAsync()
    {
        Server = await MineTestServer.StartAsync();
        await Server.SendPlaintextAsync(string.Concat(Lines.Select((line, i) => $"{line} {i + 1} {Timestamp}\n")));
        await Server.WaitForMetricAsync("mine_points_ingested_total", Lines.Length);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// graphite-web's /tags API. Expected bodies are graphite-web 1.1.8's for the same series (tagged there with
/// /tags/tagSeries in the order of <see cref="TaggedSeriesServer.Lines"/>, canonical, as carbon registers them),
/// "id" fields of its SQL tag database included.
/// </summary>
public class TagsEndpointsTests(TaggedSeriesServer fixture) : IClassFixture<TaggedSeriesServer>
{
    // The tag writes (tagSeries, tagMultiSeries, delSeries) need the admin token; reads take it too.
    private HttpClient Http => fixture.Server.Admin;

    [Theory]
    [InlineData("/tags", """[{"id": 1, "tag": "dc"}, {"id": 18, "tag": "env"}, {"id": 25, "tag": "expr"}, {"id": 2, "tag": "host"}, {"id": 3, "tag": "name"}, {"id": 15, "tag": "rack"}]""")]
    [InlineData("/tags/", """[{"id": 1, "tag": "dc"}, {"id": 18, "tag": "env"}, {"id": 25, "tag": "expr"}, {"id": 2, "tag": "host"}, {"id": 3, "tag": "name"}, {"id": 15, "tag": "rack"}]""")]
    [InlineData("/tags?filter=%5Ed", """[{"id": 1, "tag": "dc"}]""")]
    [InlineData("/tags?filter=e%7Cr&limit=1", """[{"id": 18, "tag": "env"}]""")]
    [InlineData("/tags?limit=%202%20", """[{"id": 1, "tag": "dc"}, {"id": 18, "tag": "env"}]""")]
    [InlineData("/tags?limit=0", """[]""")]
    [InlineData("/tags?limit=", """[{"id": 1, "tag": "dc"}, {"id": 18, "tag": "env"}, {"id": 25, "tag": "expr"}, {"id": 2, "tag": "host"}, {"id": 3, "tag": "name"}, {"id": 15, "tag": "rack"}]""")]
    [InlineData("/tags?filter=%5Ed&pretty=1", "[\n  {\n    \"id\": 1,\n    \"tag\": \"dc\"\n  }\n]")]
    [InlineData("/tags/dc", """{"id": 1, "tag": "dc", "values": [{"id": 28, "value": "LA", "count": 1}, {"id": 1, "value": "la", "count": 3}, {"id": 22, "value": "la-2", "count": 1}, {"id": 7, "value": "ny", "count": 2}, {"id": 17, "value": "sf", "count": 1}]}""")]
    [InlineData("/tags/dc?filter=l", """{"id": 1, "tag": "dc", "values": [{"id": 1, "value": "la", "count": 3}, {"id": 22, "value": "la-2", "count": 1}]}""")]
    [InlineData("/tags/dc?filter=%5EL%7Cy", """{"id": 1, "tag": "dc", "values": [{"id": 28, "value": "LA", "count": 1}, {"id": 7, "value": "ny", "count": 2}]}""")]
    [InlineData("/tags/dc?limit=2", """{"id": 1, "tag": "dc", "values": [{"id": 28, "value": "LA", "count": 1}, {"id": 1, "value": "la", "count": 3}]}""")]
    [InlineData("/tags/dc?limit=0", """{"id": 1, "tag": "dc", "values": []}""")]
    [InlineData("/tags/dc?filter=s&pretty=1", "{\n  \"id\": 1,\n  \"tag\": \"dc\",\n  \"values\": [\n    {\n      \"count\": 1,\n      \"id\": 17,\n      \"value\": \"sf\"\n    }\n  ]\n}")]
    [InlineData("/tags/name?filter=disk", """{"id": 3, "tag": "name", "values": [{"id": 12, "value": "disk.free", "count": 1}, {"id": 3, "value": "disk.used", "count": 3}]}""")]
    [InlineData("/tags/nosuch", "null")]
    [InlineData("/tags/nosuch?limit=x", "null")]
    [InlineData("/tags/dc/", "null")]
    [InlineData("/tags/findSeries?expr=dc=la", """["disk.free;dc=la;host=a", "disk.used;dc=la;host=a", "disk.used;dc=la;host=b"]""")]
    [InlineData("/tags/findSeries?expr=dc=la&expr=host!=a", """["disk.used;dc=la;host=b"]""")]
    [InlineData("/tags/findSeries?expr%5B%5D=dc=~%5Ela$", """["disk.free;dc=la;host=a", "disk.used;dc=la;host=a", "disk.used;dc=la;host=b"]""")]
    [InlineData("/tags/findSeries?expr=rack=&expr=name=~disk&expr=dc!=~l", """["disk.used;dc=ny;host=c"]""")]
    [InlineData("/tags/findSeries?expr=name=plain.metric", "[]")] // untagged series are not in the tag index
    [InlineData("/tags/findSeries?expr=dc=ny&pretty=1", "[\n  \"cpu.load;dc=ny;host=a;rack=r1\",\n  \"disk.used;dc=ny;host=c\"\n]")]
    [InlineData("/tags/findSeries?expr=dc=ny&jsonp=cb", """["cpu.load;dc=ny;host=a;rack=r1", "disk.used;dc=ny;host=c"]""")]
    [InlineData("/tags/autoComplete/tags", """["dc", "env", "expr", "host", "name", "rack"]""")]
    [InlineData("/tags/autoComplete/tags?expr=dc=la", """["host", "name"]""")]
    [InlineData("/tags/autoComplete/tags?expr=host=a&limit=2", """["dc", "expr"]""")]
    [InlineData("/tags/autoComplete/tags?expr=host=a&limit=-1", "[]")]
    [InlineData("/tags/autoComplete/tags?limit=-1", """["dc", "env", "expr", "host", "name"]""")]
    [InlineData("/tags/autoComplete/tags?expr=host=a&tagPrefix=e", """["expr"]""")]
    [InlineData("/tags/autoComplete/tags?expr=dc!=&expr=host=~a", """["name", "rack"]""")]
    [InlineData("/tags/autoComplete/tags?tagPrefix=h", """["host"]""")]
    [InlineData("/tags/autoComplete/values?tag=dc", """["LA", "la", "la-2", "ny", "sf"]""")]
    [InlineData("/tags/autoComplete/values?tag=dc&expr=host=a", """["la", "ny"]""")]
    [InlineData("/tags/autoComplete/values?tag=dc&expr=rack=", """["LA", "la", "la-2", "ny"]""")]
    [InlineData("/tags/autoComplete/values?tag=dc&valuePrefix=l", """["la", "la-2"]""")]
    [InlineData("/tags/autoComplete/values?tag=name&expr=host=a&limit=2", """["cpu.load", "disk.free"]""")]
    [InlineData("/tags/autoComplete/values?tag=dc&limit=-1", """["LA", "la", "la-2", "ny"]""")]
    [InlineData("/tags/autoComplete/values?tag=nosuch", "[]")]
    [InlineData("/tags/autoComplete/values?tag=dc&pretty=1&limit=2", "[\n  \"LA\",\n  \"la\"\n]")]
    public async Task Answers_like_graphite_web(string url, string expected)
    {
        var response = await Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/tags/findSeries", "expr=dc%3Dny", """["cpu.load;dc=ny;host=a;rack=r1", "disk.used;dc=ny;host=c"]""")]
    [InlineData("/tags/findSeries?expr=dc=ny", "expr=host%3Dc", """["disk.used;dc=ny;host=c"]""")] // query and body values together
    [InlineData("/tags/autoComplete/tags", "expr=dc%3Dla", """["host", "name"]""")]
    [InlineData("/tags/autoComplete/values", "tag=dc&expr=host%3Da", """["la", "ny"]""")]
    [InlineData("/tags/tagSeries", "path=disk.used%3Bhost%3Db%3Bdc%3Dla", "\"disk.used;dc=la;host=b\"")]
    [InlineData("/tags/tagSeries", "path=~~x%3Bb%3D1%3Ba%3D2%3Bname%3Dzz", "\"x;a=2;b=1\"")]
    [InlineData("/tags/tagSeries", "path=plain.metric", "\"plain.metric\"")]
    [InlineData("/tags/tagSeries", "path=m%7Bb%3D%222%22%2Ca%3D%221%22%7D", "\"m;a=1;b=2\"")]
    [InlineData("/tags/tagMultiSeries", "path%5B%5D=m1%3Bb%3D2%3Ba%3D1&path%5B%5D=m2%3Ba%3D1", """["m1;a=1;b=2", "m2;a=1"]""")]
    [InlineData("/tags/tagMultiSeries", "path=m1%3Bb%3D2%3Ba%3D1&path%5B%5D=m2%3Ba%3D1", """["m1;a=1;b=2"]""")]
    public async Task Answers_posted_forms_like_graphite_web(string url, string form, string expected)
    {
        var response = await Http.PostAsync(url, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tagging_without_data_canonicalises_but_registers_nothing()
    {
        var tagged = await Http.PostAsync("/tags/tagSeries", new FormUrlEncodedContent([new("path", "fresh.metric;zone=z1")]));
        Assert.Equal("\"fresh.metric;zone=z1\"", await tagged.Content.ReadAsStringAsync());

        Assert.Equal("[]", await Http.GetStringAsync("/tags/findSeries?expr=zone=z1"));
        Assert.Equal("null", await Http.GetStringAsync("/tags/zone"));
    }

    [Theory]
    [InlineData("path=net.rx%3Bdc%3Dla-2%3Bhost%3De")]
    [InlineData("path%5B%5D=a%3Bb%3D1&path%5B%5D=c%3Bd%3D2")]
    public async Task Deleting_is_refused_as_not_supported_and_keeps_the_stored_series(string form)
    {
        // Mine cannot delete stored series yet: it says so instead of answering true and keeping them.
        var deleted = await Http.PostAsync("/tags/delSeries", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.NotImplemented, deleted.StatusCode);
        Assert.Equal("application/json", deleted.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("{\"error\": \"delSeries is not supported", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal("""["net.rx;dc=la-2;host=e"]""", await Http.GetStringAsync("/tags/findSeries?expr=host=e"));
    }

    [Theory]
    [InlineData("GET", "/tags/findSeries", "no tag expressions specified")]
    [InlineData("GET", "/tags/findSeries?expr=bad", "Invalid tagspec bad")]
    [InlineData("GET", "/tags/findSeries?expr=", "Invalid tagspec ")]
    [InlineData("GET", "/tags/findSeries?expr=rack=", "At least one tagspec must not match the empty string")]
    [InlineData("GET", "/tags/findSeries?expr=dc!=la&expr=env=~.*", "At least one tagspec must not match the empty string")]
    [InlineData("GET", "/tags/findSeries?expr=a=~(", "Invalid regular expression '(' in tag expression 'a=~('")]
    [InlineData("GET", "/tags/findSeries?expr=host=~(a%2B)%2B$&expr=dc=la", "")] // fine: the exact match drives, the regex sees short values
    [InlineData("GET", "/tags?limit=abc", "invalid literal for int() with base 10: 'abc'")]
    [InlineData("GET", "/tags?filter=(", "Invalid regular expression '(' in the tag filter")]
    [InlineData("GET", "/tags/dc?limit=x", "invalid literal for int() with base 10: 'x'")]
    [InlineData("GET", "/tags/dc?filter=%5B", "Invalid regular expression '[' in the value filter")]
    [InlineData("GET", "/tags/autoComplete/tags?limit=", "invalid literal for int() with base 10: ''")]
    [InlineData("GET", "/tags/autoComplete/tags?limit=x&expr=bad", "invalid literal for int() with base 10: 'x'")]
    [InlineData("GET", "/tags/autoComplete/tags?limit=1.5", "invalid literal for int() with base 10: '1.5'")]
    [InlineData("GET", "/tags/autoComplete/tags?expr=bad", "Invalid tagspec bad")]
    [InlineData("GET", "/tags/autoComplete/values", "no tag specified")]
    [InlineData("GET", "/tags/autoComplete/values?tag=", "no tag specified")]
    [InlineData("GET", "/tags/autoComplete/values?tag=a%3Bb&expr=host=a", "Invalid tagspec a;b!=")]
    [InlineData("POST", "/tags/tagSeries", "no path specified")]
    [InlineData("POST", "/tags/tagSeries?path=", "no path specified")]
    [InlineData("POST", "/tags/tagSeries?path=x%3Ba", "Cannot parse path x;a, invalid segment a")]
    [InlineData("POST", "/tags/tagSeries?path=%3Ba%3Db", "Cannot parse path ;a=b, no metric found")]
    [InlineData("POST", "/tags/tagSeries?path=x%3Ba%3D~b", "Tag values are not allowed to start with \"~\" in tag \"a\"")]
    [InlineData("POST", "/tags/tagMultiSeries", "no paths specified")]
    [InlineData("POST", "/tags/tagMultiSeries?path=ok%3Ba%3D1&path=x%3Ba%21%3Db", "Character \"!\" is not allowed in tag \"a!\"")]
    [InlineData("POST", "/tags/delSeries", "no path specified")]
    [InlineData("POST", "/tags/delSeries?path=bad%3Ba", "Cannot parse path bad;a, invalid segment a")]
    public async Task Bad_requests_get_400_with_graphite_web_s_error_object(string method, string url, string messageStart)
    {
        var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        var body = await response.Content.ReadAsStringAsync();

        if (messageStart.Length == 0)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("{\"error\": " + Json(messageStart), body, StringComparison.Ordinal);
        Assert.EndsWith("\"}", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/tags")]
    [InlineData("POST", "/tags/dc")]
    [InlineData("GET", "/tags/tagSeries")]
    [InlineData("GET", "/tags/tagMultiSeries")]
    [InlineData("GET", "/tags/delSeries")]
    [InlineData("PUT", "/tags/findSeries")]
    [InlineData("DELETE", "/tags/autoComplete/tags")]
    [InlineData("PUT", "/tags/autoComplete/values")]
    public async Task Methods_a_view_refuses_get_an_empty_405(string method, string url)
    {
        var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Non_ascii_is_escaped_as_json_dumps_does()
    {
        await using var server = await MineTestServer.StartAsync(); // its own, so the shared tag set stays as listed above
        await server.SendPlaintextAsync($"caf\u00e9;city=z\u00fcrich 1 {fixture.Timestamp}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        Assert.Equal("[\"caf\\u00e9;city=z\\u00fcrich\"]", await server.Http.GetStringAsync("/tags/findSeries?expr=city=~z"));
    }

    [Fact]
    public async Task Garbage_parameters_get_200_400_or_405_never_500()
    {
        string[] fragments = ["=", "!=", "=~", "!=~", "~", ";", "(", ")", "[", "*", "+", "|", "^", "$", "\\", "\"", "'", "%", "\u00e9", "\ud83d\ude00", " ", "\n", "dc", "la", "name", "-1", "0", "99999999999999999999", "1_0", "_", "a{b=\"c\"}", "{", "}"];
        string[] parameters = ["expr", "expr[]", "tag", "tagPrefix", "valuePrefix", "limit", "filter", "path", "path[]", "pretty"];
        string[] paths = ["/tags", "/tags/dc", "/tags/findSeries", "/tags/tagSeries", "/tags/tagMultiSeries", "/tags/delSeries", "/tags/autoComplete/tags", "/tags/autoComplete/values", "/tags/%28"];
        var random = new Random(20261127);
        for (var i = 0; i < 400; i++)
        {
            var query = new StringBuilder();
            for (var p = random.Next(0, 5); p > 0; p--)
            {
                var value = new StringBuilder();
                for (var f = random.Next(0, 5); f > 0; f--)
                {
                    value.Append(fragments[random.Next(fragments.Length)]);
                }

                query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(parameters[random.Next(parameters.Length)])).Append('=').Append(Uri.EscapeDataString(value.ToString()));
            }

            var path = paths[random.Next(paths.Length)];
            var response = random.Next(2) == 0
                ? await Http.GetAsync(path + "?" + query)
                : await Http.PostAsync(path, new StringContent(query.ToString(), Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed
                    || (response.StatusCode == HttpStatusCode.NotImplemented && path == "/tags/delSeries"),
                $"{path}?{query} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("""["host", "name"]""", await Http.GetStringAsync("/tags/autoComplete/tags?expr=dc=la"));
    }

    /// <summary>The start of a JSON string literal as json.dumps escapes it (ASCII only here).</summary>
    private static string Json(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
