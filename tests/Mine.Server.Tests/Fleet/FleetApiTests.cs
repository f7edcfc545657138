using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mine.Demo;
using Mine.Fleet;

namespace Mine.Server.Tests.Fleet;

public class FleetApiTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Graphite_paths_create_hosts_by_the_host_node_rule_and_the_api_lists_them_with_their_groups()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:Fleet:GraphiteHostNode"] = "1",
            ["Mine:Fleet:GraphitePrefix"] = "servers.",
            ["Mine:SelfMetricsIntervalSeconds"] = "1",
        });
        var t = Now;
        await server.SendPlaintextAsync(
            $"servers.web-001.load.load.shortterm 1 {t - 20}\nservers.web-001.load.load.shortterm 1 {t - 10}\nservers.web-001.cpu-0.cpu-user 5 {t}\n" +
            $"servers.web-002.load.load.shortterm 2 {t}\nservers.db-01.load.load.shortterm 3 {t - 3600}\nstats.counter.x 1 {t}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 6);
        await Task.Delay(1500); // a self-metrics sample: mine.<node>.… must not become a host

        using var hosts = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/hosts"));
        var byName = hosts.RootElement.EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!);
        Assert.Equal(["db-01", "web-001", "web-002"], byName.Keys.Order(StringComparer.Ordinal));
        var web1 = byName["web-001"];
        Assert.Equal("web", web1.GetProperty("group").GetString());
        Assert.Equal("servers.web-001", web1.GetProperty("seriesRoot").GetString());
        Assert.Equal("graphite", web1.GetProperty("source").GetString());
        Assert.Equal(t - 20, web1.GetProperty("firstSeen").GetInt64());
        Assert.Equal(t, web1.GetProperty("lastSeen").GetInt64());
        Assert.False(web1.GetProperty("stale").GetBoolean());
        Assert.Equal(["cpu", "load"], web1.GetProperty("plugins").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Null, web1.GetProperty("outlierScore").ValueKind);
        Assert.True(byName["db-01"].GetProperty("stale").GetBoolean());

        using var groups = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups"));
        Assert.Equal(
            [("db", 1, 1), ("web", 2, 0)],
            groups.RootElement.EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("hosts").GetInt32(), g.GetProperty("stale").GetInt32())));

        using var one = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/hosts/web-002"));
        Assert.Equal("servers.web-002", one.RootElement.GetProperty("seriesRoot").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/fleet/hosts/nope")).StatusCode);
    }

    [Fact]
    public async Task Without_settings_every_common_layout_gives_its_hosts_and_a_prefix_never_stays_a_host()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:SelfMetricsIntervalSeconds"] = "1" });
        var t = Now;
        string[] lines =
        [
            "web-001.load.load.shortterm", "servers.web-002.load.shortterm", "collectd.web-003.cpu-0.cpu-user",
            "hosts.db01.memory.memory-used", "prod.ams.lb-1.interface-eth0.if_octets.rx", "prod.ams.lb-2.myapp.requests",
            "acme.myapp.requests", // nothing says where the host is: "acme", tentatively
            "mine.relay-dc1.relay_chunks_sent", "carbon.agents.graphite-a.cpuUsage", "stats.gauges.queue",
        ];
        await server.SendPlaintextAsync(string.Concat(lines.Select(l => $"{l} 1 {t}\n")));
        await WaitForHostsAsync(server, 7);

        // acme's paths then show it is a prefix: its tentative host gives way to the hosts under it.
        await server.SendPlaintextAsync($"acme.app-1.load.shortterm 1 {t}\nacme.app-2.myapp.requests 1 {t}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", lines.Length + 2);
        await Task.Delay(1500); // a self-metrics sample: mine.<node>.… must not become a host

        using var hosts = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/hosts"));
        Assert.Equal(
            ["acme.app-1", "acme.app-2", "collectd.web-003", "hosts.db01", "prod.ams.lb-1", "prod.ams.lb-2", "servers.web-002", "web-001"],
            hosts.RootElement.EnumerateArray().Select(h => h.GetProperty("seriesRoot").GetString()).Order(StringComparer.Ordinal));
    }

    private static async Task WaitForHostsAsync(MineTestServer server, int count)
    {
        // Hosts are discovered by the writer after it stored the batch, a moment after the points count as ingested.
        var fleet = server.Services.GetRequiredService<FleetRegistry>();
        var deadline = Environment.TickCount64 + 10_000;
        while (fleet.Count < count && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(count, fleet.Count);
    }

    [Fact]
    public async Task Group_rules_from_configuration_apply()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Mine:Fleet:GroupRules:0"] = @"^(?<dc>[a-z]+)-(?<group>[a-z]+)\d+$",
        });
        await server.SendPlaintextAsync($"ams-web12.load.load.shortterm 1 {Now}\nweb-3.load.load.shortterm 1 {Now}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 2);
        var fleet = server.Services.GetRequiredService<FleetRegistry>();

        // Hosts are discovered by the writer after it stored the batch, a moment after the points count as ingested.
        var deadline = Environment.TickCount64 + 10_000;
        while (fleet.Count < 2 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal([new GroupSummary("web", 2, 0)], fleet.Groups());
    }

    [Fact]
    public async Task The_demo_fills_the_store_through_ingestion_so_hosts_groups_and_graphs_are_there_at_once()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Demo"] = "true" });
        var expected = new DemoFleet().Hosts.Count;
        var fleet = server.Services.GetRequiredService<FleetRegistry>();
        var deadline = Environment.TickCount64 + 60_000;
        while (fleet.Count < expected && Environment.TickCount64 < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(expected, fleet.Count);
        using var groups = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/groups"));
        Assert.Equal(6, groups.RootElement.GetArrayLength());
        // The stale hosts send with the others at first and stop a minute after the history, while Mine watches, so
        // their stale alerts fire (the browser tests' DemoFixture waits for them to go stale and alert).
        fleet.TryGet("web-088", out var stale);
        Assert.False(fleet.IsStale(stale!));
        Assert.True(stale!.LastSeen >= Now - 180);
        fleet.TryGet("web-007", out var live);
        Assert.False(fleet.IsStale(live!));
        Assert.True(live!.FirstSeen <= Now - 3 * 3600 + 120);

        // The backfill is in the store: three hours of load for a landmine.
        using var render = JsonDocument.Parse(await server.Http.GetStringAsync("/render?format=json&from=-3h&target=web-007.load.load.shortterm"));
        var points = render.RootElement[0].GetProperty("datapoints").EnumerateArray().Count(p => p[0].ValueKind == JsonValueKind.Number);
        Assert.True(points > 150, $"{points} points in the last 3 h");
    }
}
