using System.Net;
using System.Text.Json;

namespace Mine.Server.Tests.Api;

public class RenderApiTests
{
    private static readonly long Start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 3600;

    private static async Task<MineTestServer> StartWithDataAsync()
    {
        var server = await MineTestServer.StartAsync();
        var lines = new System.Text.StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            lines.Append($"web.web-1.load {i} {Start + i * 60}\n");
            lines.Append($"web.web-2.load {i * 2}.5 {Start + i * 60}\n");
            lines.Append($"db.db-1.load {-i} {Start + i * 60}\n");
        }

        await server.SendPlaintextAsync(lines.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", 30);
        return server;
    }

    private static string Range => $"from={Start - 1}&until={Start + 599}";

    [Fact]
    public async Task Json_matches_graphite_web_shape_and_order()
    {
        await using var server = await StartWithDataAsync();
        var body = await server.Http.GetStringAsync($"/render?target=web.*.load&format=json&{Range}");
        Assert.StartsWith("[{\"target\": \"web.web-1.load\", \"tags\": {\"name\": \"web.web-1.load\"}, \"datapoints\": [[0.0, " + Start + "], [1.0, ", body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["web.web-1.load", "web.web-2.load"], json.RootElement.EnumerateArray().Select(s => s.GetProperty("target").GetString()));
        var points = json.RootElement[1].GetProperty("datapoints");
        Assert.Equal(10, points.GetArrayLength());
        Assert.Equal(18.5, points[9][0].GetDouble());
        Assert.Equal(Start + 540, points[9][1].GetInt64());
    }

    [Fact]
    public async Task Wide_renders_reuse_pooled_arrays_without_mixing_answers_and_say_where_time_went()
    {
        await using var server = await MineTestServer.StartAsync();
        var lines = new System.Text.StringBuilder();
        for (var host = 0; host < 300; host++)
        {
            for (var i = 0; i < 10; i++)
            {
                lines.Append($"fleet.h{host:000}.load {host} {Start + i * 60}\n");
                lines.Append($"fleet.h{host:000}.disk {host + 1000} {Start + i * 60}\n");
            }
        }

        await server.SendPlaintextAsync(lines.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", 6000);

        // The same lengths every time: the second and third requests get the first one's arrays back from the pool.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (metric, offset) in new[] { ("load", 0), ("disk", 1000) })
            {
                var response = await server.Http.GetAsync($"/render?target=fleet.*.{metric}&target=sumSeries(fleet.*.{metric})&format=json&{Range}");
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(301, json.RootElement.GetArrayLength());
                for (var host = 0; host < 300; host += 37)
                {
                    var points = json.RootElement[host].GetProperty("datapoints");
                    Assert.Equal(10, points.EnumerateArray().Count(p => p[0].ValueKind == JsonValueKind.Number));
                    Assert.All(points.EnumerateArray().Where(p => p[0].ValueKind == JsonValueKind.Number), p => Assert.Equal(host + offset, p[0].GetDouble()));
                }

                var sum = json.RootElement[300].GetProperty("datapoints")[0][0].GetDouble();
                Assert.Equal((299 * 300 / 2) + (300 * offset), sum);

                var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
                Assert.Matches(@"^read;dur=\d+\.\d, evaluate;dur=\d+\.\d, format;dur=\d+\.\d$", timing);
            }
        }
    }

    [Fact]
    public async Task A_wide_json_answer_is_streamed_and_equals_the_whole_one()
    {
        await using var server = await MineTestServer.StartAsync();
        var lines = new System.Text.StringBuilder();
        for (var host = 0; host < 200; host++)
        {
            for (var i = 0; i < 120; i++)
            {
                lines.Append($"wide.h{host:000}.load {host + (i * 0.5)} {Start - 3600 + (i * 60)}\n");
            }
        }

        await server.SendPlaintextAsync(lines.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", 24_000);
        var range = $"from={Start - 3601}&until={Start + 3599}";

        // 200 series × 120 points: wide enough to be formatted in parallel and sent while formatting.
        using var streamed = await server.Http.GetAsync($"/render?target=wide.*.load&format=json&{range}");
        streamed.EnsureSuccessStatusCode();
        Assert.True(streamed.Headers.TransferEncodingChunked);
        Assert.Matches(@"^read;dur=\d+\.\d, evaluate;dur=\d+\.\d$", Assert.Single(streamed.Headers.GetValues("Server-Timing")));
        var body = await streamed.Content.ReadAsStringAsync();

        // pretty=1 is written whole; without its whitespace it is the same document.
        using var whole = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?target=wide.*.load&format=json&pretty=1&{range}"));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(200, json.RootElement.GetArrayLength());
        Assert.Equal(JsonSerializer.Serialize(whole.RootElement), JsonSerializer.Serialize(json.RootElement));
        var points = json.RootElement[123].GetProperty("datapoints");
        Assert.Equal(120, points.EnumerateArray().Count(p => p[0].ValueKind == JsonValueKind.Number));
        Assert.Equal(123 + (119 * 0.5), points.EnumerateArray().Last(p => p[0].ValueKind == JsonValueKind.Number)[0].GetDouble());
    }

    [Fact]
    public async Task Form_post_with_several_targets_and_max_data_points_consolidates()
    {
        await using var server = await StartWithDataAsync();
        using var form = new FormUrlEncodedContent([
            new("target", "web.web-1.load"), new("target", "db.db-1.load"), new("format", "json"),
            new("from", (Start - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("until", (Start + 599).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("maxDataPoints", "5")]);
        var response = await server.Http.PostAsync("/render", form);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("web.web-1.load", json.RootElement[0].GetProperty("target").GetString());
        Assert.True(json.RootElement[0].GetProperty("datapoints").GetArrayLength() <= 6);
    }

    [Fact]
    public async Task Csv_and_raw_have_graphite_web_shapes()
    {
        await using var server = await StartWithDataAsync();
        var raw = await server.Http.GetStringAsync($"/render?target=db.db-1.load&format=raw&{Range}");
        Assert.Equal($"db.db-1.load,{Start},{Start + 600},60|0.0,-1.0,-2.0,-3.0,-4.0,-5.0,-6.0,-7.0,-8.0,-9.0\n", raw);
        var csv = await server.Http.GetStringAsync($"/render?target=db.db-1.load&format=csv&{Range}");
        var first = DateTimeOffset.FromUnixTimeSeconds(Start).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"db.db-1.load,{first},0.0\r\n", csv);
        Assert.Equal(10, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("/render?target=a&format=json&from=-1m", "Invalid offset unit")]
    [InlineData("/render?target=a&format=json&from=-1h&until=-1h", "Invalid empty time range")]
    [InlineData("/render?target=a&format=json&maxDataPoints=ten", "maxDataPoints")]
    [InlineData("/render?target=noSuchFunction(a.*)&format=json", "unknown function: noSuchFunction")]
    [InlineData("/render?target=scale(a.*,2))&format=json", "Invalid target")]
    [InlineData("/render?target=scale(a.*)&format=json", "Missing required parameter \"factor\"")]
    [InlineData("/render?target=a&format=jpeg", "format 'jpeg' is unknown")]
    [InlineData("/render?target=a&format=json&xFilesFactor=2", "xFilesFactor")]
    [InlineData("/metrics/find?format=json", "Missing required parameter 'query'")]
    [InlineData("/metrics/find?query=*&format=bogus", "Invalid value for 'format'")]
    public async Task Bad_parameters_get_400_naming_the_problem(string url, string expected)
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// What Grafana sends while someone types in its raw editor: graphite-web reads the function name of an
    /// unfinished call as a metric path and answers 200 with no series, in every format.
    /// </summary>
    [Theory]
    [InlineData("json", "[]")]
    [InlineData("csv", "")]
    [InlineData("raw", "")]
    public async Task Unfinished_targets_answer_like_graphite_web(string format, string expected)
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync($"/render?target={Uri.EscapeDataString("scale(a.*,")}&format={format}&from=-1h");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        var png = await server.Http.GetAsync($"/render?target={Uri.EscapeDataString("sumSeries(a.b")}&from=-1h");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Requests_over_the_series_limit_are_refused()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxSeriesPerRequest"] = "2" });
        await server.SendPlaintextAsync($"l.a 1 {Start}\nl.b 1 {Start}\nl.c 1 {Start}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
        var response = await server.Http.GetAsync($"/render?target=l.*&format=json&{Range}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The request matches more than 2 series (MaxSeriesPerRequest); narrow the targets.\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync($"/render?target=l.{{a,b}}&format=json&{Range}")).StatusCode);

        // A path read again in one request counts once, as graphite-web fetches it once.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync($"/render?target=l.{{a,b}}&target=sumSeries(l.{{a,b}})&format=json&{Range}")).StatusCode);
        var twoReads = await server.Http.GetAsync($"/render?target=l.{{a,b}}&target=l.c&format=json&{Range}");
        Assert.Equal("The request matches more than 2 series (MaxSeriesPerRequest); narrow the targets.\n", await twoReads.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Finds_over_the_node_limit_are_refused()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxFindNodes"] = "2" });
        await server.SendPlaintextAsync($"f.a 1 {Start}\nf.b 1 {Start}\nf.c 1 {Start}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
        var response = await server.Http.GetAsync("/metrics/find?query=f.*");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxFindNodes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
