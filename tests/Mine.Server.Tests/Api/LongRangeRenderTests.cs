using System.Net;
using System.Text.Json;

namespace Mine.Server.Tests.Api;

/// <summary>
/// A render whose reads would pass MaxPointsPerRequest is refused, unless it says how many points it draws
/// (maxDataPoints, an image's width): then each series is consolidated while it is read (docs/compatibility.md,
/// "Long ranges"). Three series over 14 days of the default 1-minute archive read 60,480 points against a limit
/// of 50,000; one of them alone (20,160) fits and is read whole.
/// </summary>
public sealed class LongRangeRenderTests
{
    private static readonly long Now = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 600 * 600) + 30;

    private static async Task<MineTestServer> StartWithDataAsync()
    {
        var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxPointsPerRequest"] = "50000" });
        var lines = new System.Text.StringBuilder();
        var points = 0;
        for (var t = Now - (13 * 86400); t < Now - 60; t += 600)
        {
            for (var s = 1; s <= 3; s++)
            {
                lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"dc.web-{s}.load {(t / 600 % 50) + s}.25 {t}\n");
                points++;
            }
        }

        await server.SendPlaintextAsync(lines.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", points);
        return server;
    }

    private static string Query(string target, string extra = "", string format = "json") =>
        $"/render?format={format}&from=-14d&now={Now}&target={Uri.EscapeDataString(target)}{extra}";

    [Fact]
    public async Task Without_maxDataPoints_the_wide_read_is_refused_before_reading()
    {
        await using var server = await StartWithDataAsync();
        var response = await server.Http.GetAsync(Query("dc.*.load"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxPointsPerRequest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0.0, await server.MetricAsync("mine_render_consolidated_total"));
    }

    [Fact]
    public async Task With_maxDataPoints_each_series_answers_as_if_it_had_been_read_whole()
    {
        await using var server = await StartWithDataAsync();
        var wide = await server.Http.GetStringAsync(Query("dc.*.load", "&maxDataPoints=500"));
        using var wideJson = JsonDocument.Parse(wide);
        Assert.Equal(3, wideJson.RootElement.GetArrayLength());

        // The series read alone fits the limit and goes through graphite-web's own maxDataPoints consolidation.
        var alone = await server.Http.GetStringAsync(Query("dc.web-2.load", "&maxDataPoints=500"));
        using var aloneJson = JsonDocument.Parse(alone);
        Assert.Equal(aloneJson.RootElement[0].GetRawText(), wideJson.RootElement[1].GetRawText());
        var points = aloneJson.RootElement[0].GetProperty("datapoints");
        Assert.InRange(points.GetArrayLength(), 400, 500);
        Assert.Contains(points.EnumerateArray(), p => p[0].ValueKind == JsonValueKind.Number);

        // Operators see how often answers were consolidated to fit: the wide render only (the one alone fitted).
        await server.WaitForMetricAsync("mine_render_consolidated_total", 1);
        Assert.Equal(1.0, await server.MetricAsync("mine_render_consolidated_total"));
    }

    [Fact]
    public async Task A_sum_over_consolidated_reads_adds_the_consolidated_points()
    {
        await using var server = await StartWithDataAsync();
        using var sum = JsonDocument.Parse(await server.Http.GetStringAsync(Query("sumSeries(dc.*.load)", "&maxDataPoints=500")));
        using var each = JsonDocument.Parse(await server.Http.GetStringAsync(Query("dc.*.load", "&maxDataPoints=500")));

        var summed = sum.RootElement[0].GetProperty("datapoints").EnumerateArray().ToList();
        var series = each.RootElement.EnumerateArray().Select(s => s.GetProperty("datapoints").EnumerateArray().ToList()).ToList();
        Assert.All(series, s => Assert.Equal(summed.Count, s.Count));
        var numbers = 0;
        for (var i = 0; i < summed.Count; i++)
        {
            Assert.Equal(summed[i][1].GetInt64(), series[0][i][1].GetInt64());
            var known = series.Where(s => s[i][0].ValueKind == JsonValueKind.Number).Select(s => s[i][0].GetDouble()).ToList();
            if (known.Count == 0)
            {
                Assert.Equal(JsonValueKind.Null, summed[i][0].ValueKind);
                continue;
            }

            numbers++;
            Assert.Equal(known.Sum(), summed[i][0].GetDouble(), 9);
        }

        Assert.True(numbers > 100, $"only {numbers} points had values");
    }

    [Fact]
    public async Task An_image_consolidates_to_its_width()
    {
        await using var server = await StartWithDataAsync();
        var response = await server.Http.GetAsync(Query("dc.*.load", "&width=400&height=200", format: "png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }
}
