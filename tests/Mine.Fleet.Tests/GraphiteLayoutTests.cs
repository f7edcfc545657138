using System.Text;
using Mine.Core.Series;
using Mine.Fleet;
using Mine.TestKit;

namespace Mine.Fleet.Tests;

/// <summary>The automatic host node (no --host-node): the layouts people use, each from the very first path a new
/// user sends, and how a namespace's layout is learnt, kept and survives a restart.</summary>
public sealed class GraphiteLayoutTests : IDisposable
{
    private const long T0 = 1_780_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("mine-layout").FullName;
    private readonly ManualClock _clock = new(T0 + 3600);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (FleetRegistry Fleet, GraphiteHostDiscovery Discovery) Make(int? hostNode = null)
    {
        var fleet = new FleetRegistry(_directory, new FleetRules { GraphiteHostNode = hostNode }, time: _clock);
        return (fleet, new GraphiteHostDiscovery(fleet));
    }

    private static PointBatch Batch(params string[] names)
    {
        var batch = new PointBatch();
        foreach (var name in names)
        {
            batch.Add(name, T0, 1);
        }

        return batch;
    }

    private static string[] HostNames(FleetRegistry fleet) => fleet.Hosts().Select(static h => h.Name).ToArray();

    [Theory]
    [InlineData("web-001.load.shortterm", "web-001")] // write_graphite: HOST.plugin…
    [InlineData("web-001.cpu-0.cpu-user", "web-001")]
    [InlineData("servers.web-001.load.shortterm", "servers.web-001")] // the README's example
    [InlineData("collectd.web-001.cpu-0.cpu-user", "collectd.web-001")]
    [InlineData("collectd.web-017_example_com.interface-eth0.if_octets.rx", "collectd.web-017_example_com")]
    [InlineData("hosts.db01.memory.memory-used", "hosts.db01")]
    [InlineData("prod.ams.web-001.load.load.shortterm", "prod.ams.web-001")] // <env>.<dc>.HOST
    [InlineData("staging.fra1.app-7.df-root.df_complex-used", "staging.fra1.app-7")]
    [InlineData("prod.ams.web-001.myapp.requests", "prod.ams.web-001")] // no plugin: the environment word says it
    [InlineData("servers.gandalf.myapp.requests", "servers.gandalf")] // no plugin, no digit: the prefix word says it
    [InlineData("dc1.servers.web-1.load.load.shortterm", "dc1.servers.web-1")]
    [InlineData("acme.web-001.nginx.requests", "acme.web-001")] // an unknown prefix, then a plugin
    [InlineData("dc1.web-001.load.shortterm", "dc1.web-001")]
    [InlineData("web-001.myapp.load.avg", "web-001")] // an application's own "load" under a host
    [InlineData("acme.gandalf.load.shortterm", "acme.gandalf")]
    [InlineData("servers.nginx-01.load.shortterm", "servers.nginx-01")] // a host named like a plugin
    [InlineData("prod.ams.redis-01.load.shortterm", "prod.ams.redis-01")]
    [InlineData("netdata.web-001.system.cpu.user", "netdata.web-001")]
    [InlineData("tars.cpu-total.cpu.usage_user", "tars")] // Telegraf's host.tags.measurement.field
    [InlineData("web-001.load.shortterm;dc=ams", "web-001")]
    [InlineData("db01.myapp.queries", "db01")] // looks like a host name
    [InlineData("gandalf.myapp.queries", "gandalf")] // nothing says otherwise: the first node, tentatively
    public void A_single_path_names_its_host_without_flags(string path, string root)
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch(path));
        var host = Assert.Single(fleet.Hosts());
        Assert.Equal(root, host.SeriesRoot);
        Assert.Equal(root[(root.LastIndexOf('.') + 1)..], host.Name);
        Assert.Equal(HostSource.Graphite, host.Source);
    }

    [Theory]
    [InlineData("mine.node-1.points_ingested")] // Mine's own metrics
    [InlineData("mine.relay-dc1.relay_chunks_sent")]
    [InlineData("carbon.agents.graphite-a.cpuUsage")]
    [InlineData("stats.gauges.web-001.queue")]
    [InlineData("stats_counts.requests")]
    [InlineData("statsd.numStats")]
    [InlineData("servers.web-001")] // the host must not be the leaf
    [InlineData("prod.ams.web-001")]
    [InlineData("web-001")]
    [InlineData("servers..load")]
    [InlineData("servers;dc=ams")]
    public void Paths_that_name_no_host_create_none(string path)
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch(path));
        Assert.Empty(fleet.Hosts());
    }

    [Fact]
    public void Many_layouts_at_once_each_give_their_hosts()
    {
        var (fleet, discovery) = Make();
        var names = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            names.AddRange([$"web-{i:000}.load.load.shortterm", $"web-{i:000}.cpu-0.cpu-user"]);
            names.AddRange([$"servers.app-{i}.load.load.shortterm", $"servers.app-{i}.memory.memory-used"]);
            names.Add($"collectd.db-{i}.df-root.df_complex-used");
            names.Add($"hosts.cache{i}.myapp.hits");
            names.Add($"prod.ams.lb-{i}.interface-eth0.if_octets.rx");
            names.Add($"prod.fra.lb-{i + 10}.myapp.requests");
        }

        names.AddRange(["mine.node-1.points_ingested", "carbon.agents.a.cpuUsage", "stats.timers.x.mean"]);
        discovery.Observe(Batch([.. names]));

        string[] expected =
        [
            "app-1", "app-2", "app-3", "cache1", "cache2", "cache3", "db-1", "db-2", "db-3",
            "lb-1", "lb-11", "lb-12", "lb-13", "lb-2", "lb-3", "web-001", "web-002", "web-003",
        ];
        Assert.Equal(expected, HostNames(fleet));
        Assert.All(fleet.Hosts(), static h => Assert.False(h.Tentative));
    }

    [Fact]
    public void A_namespace_keeps_its_layout_once_decided()
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch("servers.web-001.load.shortterm"));

        // Later paths under servers. follow node 1 even when their own words say nothing or something else.
        discovery.Observe(Batch("servers.gandalf.myapp.requests", "servers.db-1.memory.memory-used", "servers.x.y.load.shortterm"));
        Assert.Equal(["db-1", "gandalf", "web-001", "x"], HostNames(fleet));
        Assert.All(fleet.Hosts(), static h => Assert.Equal(1, h.SeriesRoot.Count(static c => c == '.')));
    }

    [Fact]
    public void A_tentative_host_that_turns_out_to_be_a_prefix_is_removed()
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch("acme.myapp.requests"));
        var acme = Assert.Single(fleet.Hosts());
        Assert.Equal("acme", acme.Name);
        Assert.True(acme.Tentative);

        // The same root continues the tentative host only until a path shows the layout.
        discovery.Observe(Batch("acme.myapp.errors", "acme.web-001.load.shortterm", "acme.web-002.myapp.requests"));
        Assert.Equal(["web-001", "web-002"], HostNames(fleet));
        Assert.Equal("acme.web-001", fleet.Hosts()[0].SeriesRoot);
    }

    [Fact]
    public void A_first_node_that_nothing_contradicts_is_confirmed_after_a_while_and_then_stays()
    {
        var (fleet, discovery) = Make();
        for (var i = 0; i < GraphiteHostDiscovery.TentativePoints; i++)
        {
            discovery.Observe(Batch($"gandalf.myapp.metric{i % 10}"));
        }

        var gandalf = Assert.Single(fleet.Hosts());
        Assert.False(gandalf.Tentative);

        // Decided: a path that would have read as gandalf being a prefix changes nothing now.
        discovery.Observe(Batch("gandalf.web-001.load.shortterm"));
        Assert.Equal(["gandalf"], HostNames(fleet));
    }

    [Fact]
    public void Just_before_confirmation_a_tentative_host_still_gives_way()
    {
        var (fleet, discovery) = Make();
        for (var i = 0; i < GraphiteHostDiscovery.TentativePoints - 1; i++)
        {
            discovery.Observe(Batch($"gandalf.myapp.metric{i % 10}"));
        }

        Assert.True(Assert.Single(fleet.Hosts()).Tentative);
        discovery.Observe(Batch("gandalf.web-001.load.shortterm"));
        Assert.Equal(["web-001"], HostNames(fleet));
    }

    [Fact]
    public void Layouts_survive_a_restart_through_the_fleet_snapshot()
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch("servers.web-001.load.shortterm", "db-1.load.shortterm"));
        for (var i = 0; i < GraphiteHostDiscovery.TentativePoints; i++)
        {
            discovery.Observe(Batch("gandalf.myapp.queries"));
        }

        fleet.Save();

        var (again, rediscovery) = Make();
        Assert.Equal(["db-1", "gandalf", "web-001"], HostNames(again));

        // servers. is still node 1; gandalf and db-1 are still hosts, whatever the first path after the restart says.
        rediscovery.Observe(Batch("servers.gandalf2.myapp.requests", "gandalf.web-002.load.shortterm", "db-1.docker.load.shortterm"));
        Assert.Equal(["db-1", "gandalf", "gandalf2", "web-001"], HostNames(again));
    }

    [Fact]
    public void Hosts_a_fixed_node_0_made_of_prefixes_are_dropped_when_the_rule_becomes_automatic()
    {
        // What the old default left in fleet.json: "servers" and "prod" as hosts, carbon's and Mine's own metrics too.
        var (old, oldDiscovery) = Make(hostNode: 0);
        oldDiscovery.Observe(Batch("servers.web-001.load.shortterm", "prod.ams.web-002.load.shortterm", "carbon.agents.a.cpuUsage", "web-003.load.shortterm"));
        Assert.Equal(["carbon", "prod", "servers", "web-003"], HostNames(old));
        var snapshot = Path.Combine(_directory, "fleet.json");
        old.Save();
        File.WriteAllText(snapshot, File.ReadAllText(snapshot).Replace(",\"Confirmed\":true", "", StringComparison.Ordinal)); // written before the field existed

        var (fleet, discovery) = Make();
        Assert.Equal(["web-003"], HostNames(fleet));
        discovery.Observe(Batch("servers.web-001.load.shortterm", "prod.ams.web-002.load.shortterm", "web-003.load.shortterm"));
        Assert.Equal(["web-001", "web-002", "web-003"], HostNames(fleet));
    }

    [Fact]
    public void A_fixed_host_node_still_overrides_the_rule_but_never_makes_mine_a_host()
    {
        var (fleet, discovery) = Make(hostNode: 0);
        discovery.Observe(Batch("servers.web-001.load.shortterm", "mine.node-1.points_ingested", "stats.gauges.x"));
        Assert.Equal(["servers", "stats"], HostNames(fleet));
        Assert.All(fleet.Hosts(), static h => Assert.False(h.Tentative));
    }

    [Theory]
    [InlineData("web-001.load.shortterm", 0)]
    [InlineData("servers.web-001.app.x", 1)]
    [InlineData("servers.collectd.web-001.app.x", 2)]
    [InlineData("prod.ams.web-001.app.x", 2)]
    [InlineData("servers.prod.ams.web-001.app.x", 3)]
    [InlineData("carbon.agents.a.b", GraphiteLayout.NoHost)]
    [InlineData("gandalf.app.x", null)]
    [InlineData("a.b.c.d.e.load.x", null)] // deeper than the words are read
    public void The_words_of_a_path_point_to_its_host_node(string path, int? hostNode) =>
        Assert.Equal(hostNode, GraphiteLayout.HostNodeOf(Encoding.UTF8.GetBytes(path)));
}
