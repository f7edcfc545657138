using System.Text;
using Mine.Core.Series;
using Mine.Fleet;
using Mine.TestKit;

namespace Mine.Fleet.Tests;

public sealed class GraphiteHostDiscoveryTests : IDisposable
{
    private const long T0 = 1_780_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("mine-fleet").FullName;
    private readonly ManualClock _clock = new(T0 + 3600);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (FleetRegistry Fleet, GraphiteHostDiscovery Discovery) Make(int hostNode = 0, string prefix = "")
    {
        var fleet = new FleetRegistry(_directory, new FleetRules { GraphiteHostNode = hostNode, GraphitePrefix = prefix }, time: _clock);
        return (fleet, new GraphiteHostDiscovery(fleet));
    }

    private static PointBatch Batch(params (string Name, long Time)[] points)
    {
        var batch = new PointBatch();
        foreach (var (name, time) in points)
        {
            batch.Add(name, time, 1);
        }

        return batch;
    }

    [Theory]
    [InlineData(0, "", "web-017.cpu-0.cpu-user", "web-017")]
    [InlineData(0, "", "web-017.load.load.shortterm", "web-017")]
    [InlineData(0, "", "web-017.nginx;dc=ams", "web-017")]
    [InlineData(1, "", "servers.web-017.interface-eth0.if_octets.rx", "servers.web-017")]
    [InlineData(1, "servers.", "servers.web-017.df-root.df_complex-used", "servers.web-017")]
    [InlineData(2, "", "dc.ams.web-017.memory.memory-used", "dc.ams.web-017")]
    public void The_host_node_names_the_host_and_the_path_up_to_it_is_its_series_root(int node, string prefix, string path, string root)
    {
        var (fleet, discovery) = Make(node, prefix);
        discovery.Observe(Batch((path, T0)));
        var host = Assert.Single(fleet.Hosts());
        Assert.Equal(root[(root.LastIndexOf('.') + 1)..], host.Name);
        Assert.Equal(root, host.SeriesRoot);
        Assert.Equal(HostSource.Graphite, host.Source);
        Assert.Equal(T0, host.LastSeen);
    }

    [Theory]
    [InlineData(0, "", "web-017")] // the host must not be the leaf
    [InlineData(1, "", "servers.web-017")]
    [InlineData(1, "", "servers..cpu")]
    [InlineData(0, "", "web-017..cpu")]
    [InlineData(0, "", "web-017;dc=ams")]
    [InlineData(1, "servers.", "stats.web-017.cpu")]
    [InlineData(-1, "", "web-017.cpu.user")]
    public void Paths_that_name_no_host_are_ignored(int node, string prefix, string path)
    {
        var (fleet, discovery) = Make(node, prefix);
        discovery.Observe(Batch((path, T0)));
        Assert.Equal(0, fleet.Count);
    }

    [Fact]
    public void First_and_last_seen_span_every_point()
    {
        var (fleet, discovery) = Make();
        _clock.Now = T0 + 200;
        discovery.Observe(Batch(("web-1.cpu-0.cpu-user", T0 + 60), ("web-1.cpu-1.cpu-user", T0 + 60), ("web-1.load.load.shortterm", T0 + 120), ("web-2.load.load.shortterm", T0)));
        discovery.Observe(Batch(("web-1.memory.memory-used", T0 - 600), ("web-1.cpu-0.cpu-user", T0 + 180)));
        Assert.True(fleet.TryGet("web-1", out var web1));
        Assert.Equal(T0 - 600, web1!.FirstSeen);
        Assert.Equal(T0 + 180, web1.LastSeen);
        Assert.Equal("web", web1.Group);
        Assert.Equal(2, fleet.Count);
        Assert.Equal([new GroupSummary("web", 2, 1)], fleet.Groups()); // web-2 last sent 200 s before the clock
    }

    [Fact]
    public void Plugins_come_from_collectd_and_from_the_first_node_under_the_root_in_the_index()
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch(("web-1.cpu-0.cpu-user", T0)));
        fleet.Seen("db-1", "postgresql", T0);
        var reads = 0;
        var plugins = new HostPlugins(root =>
        {
            reads++;
            return root == "web-1" ? ["cpu-0", "cpu-1", "load", "interface-eth0", "nginx"] : ["cpu-0"];
        });
        fleet.TryGet("web-1", out var web);
        fleet.TryGet("db-1", out var db);
        Assert.Equal(["cpu", "interface", "load", "nginx"], plugins.Of(web!, T0));
        Assert.Equal(["cpu", "postgresql"], plugins.Of(db!, T0));
        Assert.Equal(["cpu", "interface", "load", "nginx"], plugins.Of(web!, T0 + HostPlugins.CacheSeconds - 1));
        Assert.Equal(2, reads);
        plugins.Of(web!, T0 + HostPlugins.CacheSeconds);
        Assert.Equal(3, reads);
        Assert.Equal("df", HostPlugins.PluginOfNode("df-root"));
        Assert.Equal("load", HostPlugins.PluginOfNode("load"));
        Assert.Equal("-x", HostPlugins.PluginOfNode("-x"));
    }

    [Fact]
    public void A_sender_clock_ahead_of_ours_does_not_keep_a_host_fresh()
    {
        var (fleet, discovery) = Make();
        discovery.Observe(Batch(("web-1.load.load.shortterm", _clock.Now + 500)));
        fleet.TryGet("web-1", out var host);
        Assert.Equal(_clock.Now, host!.LastSeen);
    }

    [Fact]
    public void Hosts_are_found_whatever_the_order_of_their_points()
    {
        var (fleet, discovery) = Make();
        var batch = new PointBatch(100_000);
        for (var k = 0; k < 100 * 50; k++)
        {
            // host by host for the first half, interleaved for the second
            var (h, s) = k < 2500 ? (k / 50, k % 50) : (k % 100, k / 100);
            batch.Add(Encoding.UTF8.GetBytes($"host-{h:000}.cpu-{s % 8}.cpu-{s}"), T0 + (k / 100), s);
        }

        discovery.Observe(batch);
        Assert.Equal(100, fleet.Count);
        Assert.All(fleet.Hosts(), h => Assert.Equal(T0 + 49, h.LastSeen));
        Assert.Equal(T0, fleet.Hosts()[0].FirstSeen);
    }
}
