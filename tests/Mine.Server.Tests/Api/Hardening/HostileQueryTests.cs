using System.Net;
using System.Text;

namespace Mine.Server.Tests.Api.Hardening;

/// <summary>
/// No single render request can take Mine down or exhaust it: each of these is refused with a 400 naming the
/// limit, and the server keeps answering and ingesting afterwards. Servers are started per test where a test
/// changes a limit.
/// </summary>
public class HostileQueryTests
{
    private static async Task<HttpResponseMessage> PostTargetAsync(MineTestServer server, string target, string query = "format=json")
        => await server.Http.PostAsync("/render?" + query, new FormUrlEncodedContent([new("target", target)]));

    private static async Task AssertAliveAsync(MineTestServer server, int expectedPoints)
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
        await server.SendPlaintextAsync($"alive.after 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", expectedPoints);
    }

    [Fact]
    public async Task Fifty_thousand_nested_calls_are_refused_and_the_server_lives()
    {
        await using var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        // Before the limits this overflowed the parser's stack and killed the process.
        var deep = string.Concat(Enumerable.Repeat("sumSeries(", 50_000)) + "a.b" + new string(')', 50_000);
        var response = await PostTargetAsync(server, deep);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TargetLimits.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Short calls nest deeper within the length limit: the nesting limit answers.
        var narrow = string.Concat(Enumerable.Repeat("f(", 30_000)) + "a.b" + new string(')', 30_000);
        var nested = await PostTargetAsync(server, narrow);
        Assert.Equal(HttpStatusCode.BadRequest, nested.StatusCode);
        Assert.Contains("TargetLimits.MaxNesting", await nested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AssertAliveAsync(server, 2);
    }

    [Fact]
    public async Task The_time_limit_stops_work_inside_a_function()
    {
        // movingMedian over a day of one-second points with a 20,000-point window is hours of sorting; before the
        // time limit was checked inside functions this ran until the client gave up (the check came between targets).
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxQuerySeconds"] = "1" });
        var response = await server.Http.GetAsync("/render?format=json&from=-1d&target=" + Uri.EscapeDataString("movingMedian(sinFunction('s',1,1),20000)"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxQuerySeconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertAliveAsync(server, 1);
    }

    [Fact]
    public async Task A_catastrophic_regular_expression_gets_a_400()
    {
        await using var server = await MineTestServer.StartAsync();
        var name = new string('a', 40) + ".b";
        await server.SendPlaintextAsync($"{name} 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        foreach (var target in new[] { "grep(*.b, '(a+)+$x')", "aliasSub(*.b, '(a+)+$x', 'y')", "exclude(*.b, '(a|aa)+$x')" })
        {
            var response = await server.Http.GetAsync("/render?format=json&from=-1h&target=" + Uri.EscapeDataString(target));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("ran longer than", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertAliveAsync(server, 2);
    }

    [Theory]
    [InlineData("time('t',1)", "-2d", "MaxRequestMemoryMB")]
    [InlineData("sinFunction('s',1,1)", "-1y", "MaxPointsPerRequest")]
    [InlineData("summarize(a.b,'1s')", "-1y", "MaxPointsPerRequest")]
    [InlineData("timeShift(a.b,'1000000y')", "-1h", "")]
    [InlineData("movingAverage(a.b,'100000y')", "-1h", "")]
    [InlineData("nPercentile(a.b,99999999999999999999)", "-1h", "too large")]
    [InlineData("holtWintersForecast(a.b,'100000y')", "-1h", "")]
    public async Task Huge_windows_shifts_and_counts_are_refused(string target, string from, string message)
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxRequestMemoryMB"] = "1" });
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        var response = await server.Http.GetAsync($"/render?format=json&from={from}&target=" + Uri.EscapeDataString(target));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertAliveAsync(server, 2);
    }

    [Theory]
    [InlineData("until=99999999999999")]
    [InlineData("from=-99999999y")]
    [InlineData("from=1&until=99999999999")]
    public async Task Huge_time_ranges_are_refused_or_answered_within_the_limits(string range)
    {
        await using var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        foreach (var target in new[] { "a.b", "time('t')", "constantLine(1)", "identity('i')" })
        {
            var response = await server.Http.GetAsync($"/render?format=json&{range}&target=" + Uri.EscapeDataString(target));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{range} {target}: {(int)response.StatusCode}");
        }

        await AssertAliveAsync(server, 2);
    }

    [Fact]
    public async Task Graph_options_that_multiply_work_get_a_400()
    {
        await using var server = await MineTestServer.StartAsync();
        await server.SendPlaintextAsync($"a.b 1 {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        // minorY=100000000 grew Mine to 22 GB before the kernel killed it.
        var response = await server.Http.GetAsync("/render?format=png&from=-1h&target=a.b&minorY=100000000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("GraphLimits.MaxMinorY", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertAliveAsync(server, 2);
    }
}
