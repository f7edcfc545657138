using System.Net;

namespace Mine.Server.Tests.Api;

/// <summary>/render with seriesByTag over ingested tagged series; expected bodies are graphite-web 1.1.8's for the same points.</summary>
public class SeriesByTagRenderTests
{
    private static readonly long Start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 3600;

    private static async Task<MineTestServer> StartWithDataAsync()
    {
        var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync(
            $"disk.free;dc=la;host=a 1 {Start}\ndisk.free;dc=la;host=a 2 {Start + 60}\n"
            + $"disk.used;dc=la;host=a 10 {Start}\ndisk.used;dc=la;host=a 30 {Start + 120}\n"
            + $"disk.used;host=b;dc=la 5 {Start}\ndisk.used;dc=la;host=b 6 {Start + 60}\ndisk.used;dc=la;host=b 7 {Start + 120}\n"
            + $"disk.used;dc=ny;host=c 100 {Start}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 8);
        return server;
    }

    private static string Render(string target) => $"/render?target={Uri.EscapeDataString(target)}&format=json&from={Start - 1}&until={Start + 179}";

    [Fact]
    public async Task SeriesByTag_renders_like_graphite_web()
    {
        await using var server = await StartWithDataAsync();

        var json = await server.Http.GetStringAsync(Render("seriesByTag('dc=la')"));

        Assert.Equal(
            $"[{{\"target\": \"disk.free;dc=la;host=a\", \"tags\": {{\"dc\": \"la\", \"host\": \"a\", \"name\": \"disk.free\"}}, \"datapoints\": [[1.0, {Start}], [2.0, {Start + 60}], [null, {Start + 120}]]}}, "
            + $"{{\"target\": \"disk.used;dc=la;host=a\", \"tags\": {{\"dc\": \"la\", \"host\": \"a\", \"name\": \"disk.used\"}}, \"datapoints\": [[10.0, {Start}], [null, {Start + 60}], [30.0, {Start + 120}]]}}, "
            + $"{{\"target\": \"disk.used;dc=la;host=b\", \"tags\": {{\"dc\": \"la\", \"host\": \"b\", \"name\": \"disk.used\"}}, \"datapoints\": [[5.0, {Start}], [6.0, {Start + 60}], [7.0, {Start + 120}]]}}]",
            json);
    }

    [Theory]
    [InlineData("seriesByTag('dc=la','host!=b')", "disk.free;dc=la;host=a disk.used;dc=la;host=a")]
    [InlineData("seriesByTag('name=~disk\\.u','dc!=~l')", "disk.used;dc=ny;host=c")]
    [InlineData("seriesByTag('host=~a|c')", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=ny;host=c")]
    [InlineData("seriesByTag('rack=','dc=~^n')", "disk.used;dc=ny;host=c")]
    [InlineData("seriesByTag('dc=sf')", "")]
    [InlineData("sumSeries(seriesByTag('dc=la'))", "sumSeries(seriesByTag('dc=la'))")]
    public async Task Every_operator_selects_through_the_tag_index(string target, string names)
    {
        await using var server = await StartWithDataAsync();

        var json = await server.Http.GetStringAsync(Render(target));

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(names, string.Join(' ', document.RootElement.EnumerateArray().Select(static s => s.GetProperty("target").GetString())));
    }

    [Theory]
    [InlineData("seriesByTag('bad')", "seriesByTag(): Invalid tagspec bad")]
    [InlineData("seriesByTag('rack=')", "seriesByTag(): At least one tagspec must not match the empty string")]
    [InlineData("seriesByTag('dc=~(')", "seriesByTag(): Invalid regular expression '('")]
    public async Task Bad_expressions_are_a_400_naming_the_problem(string target, string messageStart)
    {
        await using var server = await StartWithDataAsync();

        var response = await server.Http.GetAsync(Render(target));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(messageStart, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
