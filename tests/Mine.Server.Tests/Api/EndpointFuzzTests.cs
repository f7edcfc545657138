using System.Net;
using System.Text;

namespace Mine.Server.Tests.Api;

/// <summary>
/// Random and hostile parameters never make an endpoint fail with a 500 or crash the server: every answer is
/// 200 or 400, and the server still ingests and answers afterwards. Seeded, so a failure reproduces.
/// </summary>
public class EndpointFuzzTests
{
    private static readonly string[] Fragments =
    [
        "*", "?", "[", "]", "[a-", "{", "}", "{a,b", ",", ".", "..", "(", ")", "|", "\"", "'", "%", "%00", "\\", ";", "=", "~",
        "-1d", "-5min", "now", "noon", "yesterday", "20140523", "1e9999", "NaN", "-", "+", "99999999999999999999", "0", "-1",
        "servers", "web-1", "cpu", "sumSeries(", "a.b;k=v", "\u00e9", "\ud83d\ude00", " ", "\t", "\n",
    ];

    private static readonly string[] Parameters =
    [
        "target", "from", "until", "now", "tz", "format", "maxDataPoints", "xFilesFactor", "query", "jsonp", "noNullPoints", "wildcards", "position",
        "leavesOnly", "groupByExpr",
        // graph options
        "width", "height", "graphType", "pieMode", "areaMode", "lineMode", "yMin", "yMax", "logBase", "title", "colorList", "bgcolor", "template",
        "fontSize", "yStep", "lineWidth", "minXStep", "margin", "yUnitSystem", "xFormat", "valueLabels", "yDivisors", "areaAlpha",
    ];

    private static readonly string[] Formats = ["json", "raw", "png", "svg", "pdf"];

    private static readonly string[] Paths = ["/render", "/metrics/find", "/metrics/expand", "/metrics/index.json", "/metrics"];

    [Fact]
    public async Task Garbage_parameters_get_200_or_400_never_500()
    {
        await using var server = await MineTestServer.StartAsync();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120;
        await server.SendPlaintextAsync($"servers.web-1.cpu 1 {t}\nservers.web-2.cpu 2 {t}\na.b;k=v 3 {t}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);

        var random = new Random(20261126);
        for (var i = 0; i < 900; i++)
        {
            var query = new StringBuilder();
            var count = random.Next(1, 6);
            for (var p = 0; p < count; p++)
            {
                var value = new StringBuilder();
                for (var f = random.Next(0, 5); f > 0; f--)
                {
                    value.Append(Fragments[random.Next(Fragments.Length)]);
                }

                query.Append(p == 0 ? '?' : '&').Append(Parameters[random.Next(Parameters.Length)]).Append('=').Append(Uri.EscapeDataString(value.ToString()));
            }

            if (random.Next(3) > 0)
            {
                query.Append("&format=").Append(Formats[random.Next(Formats.Length)]);
            }

            var path = Paths[random.Next(Paths.Length)] + query;
            HttpResponseMessage response = random.Next(2) == 0
                ? await server.Http.GetAsync(path)
                : await server.Http.PostAsync(Paths[random.Next(Paths.Length)], new StringContent(query.ToString().TrimStart('?'), Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await server.SendPlaintextAsync($"after.fuzz 1 {t}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 4);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
    }
}
