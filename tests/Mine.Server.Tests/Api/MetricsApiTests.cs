using System.Text.Json;

namespace Mine.Server.Tests.Api;

public class MetricsApiTests
{
    private static async Task<MineTestServer> StartWithTreeAsync()
    {
        var server = await MineTestServer.StartAsync();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60;
        await server.SendPlaintextAsync($"servers.web-1.cpu.user 1 {t}\nservers.web-1.cpu.system 1 {t}\nservers.web-2.cpu.user 1 {t}\nservers.db-1.load 1 {t}\nservers.web-1 5 {t}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 5);
        return server;
    }

    [Fact]
    public async Task Find_treejson_lists_branches_and_leaves()
    {
        await using var server = await StartWithTreeAsync();
        var body = await server.Http.GetStringAsync("/metrics/find?query=servers.*");
        using var json = JsonDocument.Parse(body);
        var entries = json.RootElement.EnumerateArray().Select(e => (e.GetProperty("id").GetString(), e.GetProperty("leaf").GetInt32())).ToList();
        Assert.Contains(("servers.web-1", 0), entries);
        Assert.Contains(("servers.db-1", 0), entries);
        Assert.Contains(("servers.web-2", 0), entries);
        Assert.Equal("no-cache", (await server.Http.GetAsync("/metrics/find?query=servers.*")).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Find_by_post_in_completer_and_json_formats()
    {
        await using var server = await StartWithTreeAsync();
        using var form = new FormUrlEncodedContent([new("query", "servers.web-1.cpu.*"), new("format", "completer")]);
        var completer = await (await server.Http.PostAsync("/metrics/find", form)).Content.ReadAsStringAsync();
        using var c = JsonDocument.Parse(completer);
        Assert.Equal(["servers.web-1.cpu.system", "servers.web-1.cpu.user"], c.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("path").GetString()));

        var json = await server.Http.GetStringAsync("/metrics/find?query=servers.{web,db}-1.*&format=json");
        using var j = JsonDocument.Parse(json);
        Assert.Equal(2, j.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Expand_and_index_list_sorted_paths()
    {
        await using var server = await StartWithTreeAsync();
        var expand = await server.Http.GetStringAsync("/metrics/expand?query=servers.web-*.cpu.user&leavesOnly=1");
        Assert.Equal("{\"results\": [\"servers.web-1.cpu.user\", \"servers.web-2.cpu.user\"]}", expand);
        var index = await server.Http.GetStringAsync("/metrics/index.json");
        using var i = JsonDocument.Parse(index);
        Assert.Equal(5, i.RootElement.GetArrayLength());
        Assert.Equal("servers.db-1.load", i.RootElement[0].GetString());
    }
}
