using System.Net;
using System.Text.Json;
using Mine.ClickHouse.Schema;
using Mine.Storage.Schemas;
using Mine.TestKit.ClickHouse;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// `serve --clickhouse URL` on a real ClickHouse 18.16 whose rollup section Mine made: plaintext points are found
/// and rendered, survive a restart of Mine, and a ClickHouse outage mid-stream loses nothing.
/// </summary>
public sealed class ServeOnClickHouseTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Rollup => ClickHouseSchema.RollupXml(RollupRules.From(StorageSchemas.Default, StorageAggregation.Default), "graphite_rollup");

    private static Dictionary<string, string?> OnClickHouse(ClickHouseServer clickHouse, string database) => new()
    {
        ["Mine:ClickHouse:Url"] = $"{clickHouse.HttpUrl}?database={database}",
        ["Mine:ClickHouse:NamesRefreshSeconds"] = "1",
    };

    [ClickHouseFact]
    public async Task Points_sent_in_plaintext_are_found_rendered_and_kept_across_a_restart()
    {
        await using var clickHouse = await ClickHouseServer.StartAsync(new() { Name = "serve", GraphiteRollups = [Rollup] });
        var data = Path.Combine(Path.GetTempPath(), "mine-ch-serve-" + Guid.NewGuid().ToString("N"));
        var minute = Now - (Now % 60) - 600;
        try
        {
            await using (var mine = await MineTestServer.StartAsync(data, OnClickHouse(clickHouse, "serve")))
            {
                mine.KeepData = true;
                await mine.SendPlaintextAsync($"servers.web-01.load 1 {minute}\nservers.web-01.load 2 {minute + 60}\nservers.web-02.load 5 {minute}\ndisk.used;dc=la;host=a 7 {minute}\n");
                await WaitForAsync(async () => (await mine.Http.GetStringAsync("/metrics/find?query=servers.*")).Contains("web-02", StringComparison.Ordinal));
                Assert.Contains($"\"datapoints\": [[1.0, {minute}], [2.0, {minute + 60}]]",
                    await mine.Http.GetStringAsync($"/render?target=servers.web-01.load&from={minute - 1}&until={minute + 60}&format=json"), StringComparison.Ordinal);

                // In ClickHouse, as carbon-clickhouse writes it.
                await mine.Admin.PostAsync("/_internal/flush", null);
                Assert.Equal("3", (await clickHouse.QueryAsync("SELECT count() FROM serve.graphite WHERE Path LIKE 'servers.%'")).Trim());
                Assert.Equal("disk.used?dc=la&host=a", (await clickHouse.QueryAsync("SELECT Path FROM serve.graphite WHERE Path LIKE 'disk%'")).Trim());
                Assert.Contains("servers.web-01.\t20002", await clickHouse.QueryAsync("SELECT Path, Level FROM serve.graphite_index WHERE Level = 20002"), StringComparison.Ordinal);
            }

            // A restarted Mine reads the names from ClickHouse's index.
            await using var again = await MineTestServer.StartAsync(data, OnClickHouse(clickHouse, "serve"));
            using (var found = JsonDocument.Parse(await again.Http.GetStringAsync("/metrics/find?query=servers.*&format=treejson")))
            {
                Assert.Equal(["servers.web-01", "servers.web-02"], found.RootElement.EnumerateArray().Select(static n => n.GetProperty("id").GetString()));
            }

            Assert.Contains("\"disk.used;dc=la;host=a\"", await again.Http.GetStringAsync("/tags/findSeries?expr=dc=la"), StringComparison.Ordinal);
            Assert.Contains($"[5.0, {minute}]", await again.Http.GetStringAsync($"/render?target=servers.web-02.load&from={minute - 1}&until={minute}&format=json"), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [ClickHouseFact]
    public async Task A_clickhouse_outage_mid_stream_loses_nothing()
    {
        await using var clickHouse = await ClickHouseServer.StartAsync(new() { Name = "outage", GraphiteRollups = [Rollup] });
        await using var mine = await MineTestServer.StartAsync(settings: OnClickHouse(clickHouse, "outage"));
        var start = Now - (Now % 60) - 3600;
        await mine.SendPlaintextAsync(string.Concat(Enumerable.Range(0, 20).Select(i => $"stream.a {i} {start + (i * 60)}\n")));
        await mine.Admin.PostAsync("/_internal/flush", null);

        clickHouse.Kill();
        await mine.SendPlaintextAsync(string.Concat(Enumerable.Range(20, 20).Select(i => $"stream.a {i} {start + (i * 60)}\n")));

        // Accepted meanwhile into the backlog; the problem is visible, and a read says to retry (503), not 500.
        await WaitForAsync(async () => (await (await mine.Http.GetAsync("/health")).Content.ReadAsStringAsync()).Contains("ClickHouse", StringComparison.Ordinal));
        Assert.True(await mine.MetricAsync("mine_storage_clickhouse_backlog_bytes") > 0);
        var during = await mine.Http.GetAsync($"/render?target=stream.a&from={start - 1}&until={start + 2400}&format=json");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains("ClickHouse", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await clickHouse.StartAgainAsync();
        await WaitForAsync(async () => (await clickHouse.QueryAsync("SELECT count() FROM outage.graphite WHERE Path = 'stream.a'")).Trim() == "40", timeoutSeconds: 60);
        using var answer = JsonDocument.Parse(await mine.Http.GetStringAsync($"/render?target=stream.a&from={start - 1}&until={start + 2340}&format=json"));
        Assert.Equal(Enumerable.Range(0, 40).Select(static i => (double)i), answer.RootElement[0].GetProperty("datapoints").EnumerateArray().Select(static p => p[0].GetDouble()));
        // The sender clears its problem when its round ends, which may be just after the rows became countable.
        await WaitForAsync(async () => (await mine.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK);
    }

    /// <summary>
    /// A render whose reads would pass MaxPointsPerRequest, with maxDataPoints: ClickHouse's reads go through its batch
    /// reader a few hundred series at a time and are consolidated as they arrive, and each series answers as it does
    /// read alone (docs/compatibility.md, "Long ranges"). Three series over 14 days of the 1-minute archive read
    /// 60,480 points against a limit of 50,000; one alone fits.
    /// </summary>
    [ClickHouseFact]
    public async Task A_long_range_render_over_the_limit_is_consolidated_while_read()
    {
        await using var clickHouse = await ClickHouseServer.StartAsync(new() { Name = "longrange", GraphiteRollups = [Rollup] });
        var settings = OnClickHouse(clickHouse, "longrange");
        settings["Mine:MaxPointsPerRequest"] = "50000";
        await using var mine = await MineTestServer.StartAsync(settings: settings);
        var now = (Now / 600 * 600) + 30;
        var lines = new System.Text.StringBuilder();
        for (var t = now - (13 * 86400); t < now - 60; t += 600)
        {
            for (var s = 1; s <= 3; s++)
            {
                lines.Append(System.Globalization.CultureInfo.InvariantCulture, $"dc.web-{s}.load {(t / 600 % 50) + s}.25 {t}\n");
            }
        }

        await mine.SendPlaintextAsync(lines.ToString());
        await mine.Admin.PostAsync("/_internal/flush", null);
        await WaitForAsync(async () => (await mine.Http.GetStringAsync("/metrics/find?query=dc.*")).Contains("web-3", StringComparison.Ordinal));
        string Query(string target, string extra = "") => $"/render?format=json&from=-14d&now={now}&target={Uri.EscapeDataString(target)}{extra}";

        Assert.Equal(HttpStatusCode.BadRequest, (await mine.Http.GetAsync(Query("dc.*.load"))).StatusCode);
        using var wide = JsonDocument.Parse(await mine.Http.GetStringAsync(Query("dc.*.load", "&maxDataPoints=500")));
        using var alone = JsonDocument.Parse(await mine.Http.GetStringAsync(Query("dc.web-2.load", "&maxDataPoints=500")));
        Assert.Equal(3, wide.RootElement.GetArrayLength());
        Assert.Equal(alone.RootElement[0].GetRawText(), wide.RootElement[1].GetRawText());
        Assert.Contains(alone.RootElement[0].GetProperty("datapoints").EnumerateArray(), p => p[0].ValueKind == JsonValueKind.Number);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not true within {timeoutSeconds} s");
            }

            await Task.Delay(200);
        }
    }
}
