using System.Text;
using Mine.Core.Series;
using Mine.Fleet;

namespace Mine.Server.Tests.Fleet;

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
    [InlineData(0, "", "web-017.cpu-0.cpu-user", "web-017", "cpu")]
    [InlineData(0, "", "web-017.load.load.shortterm", "web-017", "load")]
    [InlineData(0, "", "web-017.nginx;dc=ams", "web-017", "nginx")]
    [InlineData(1, "", "servers.web-017.interface-eth0.if_octets.rx", "servers.web-017", "interface")]
    [InlineData(1, "servers.", "servers.web-017.df-root.df_complex-used", "servers.web-017", "df")]
    [InlineData(2, "", "dc.ams.web-017.memory.memory-used", "dc.ams.web-017", "memory")]
    public void The_host_node_names_the_host_and_the_next_node_the_plugin(int node, string prefix, string path, string root, string plugin)
    {
        var (fleet, discovery) = Make(node, prefix);
        discovery.Observe(Batch((path, T0)));
        var host = Assert.Single(fleet.Hosts());
        Assert.Equal(root[(root.LastIndexOf('.') + 1)..], host.Name);
        Assert.Equal(root, host.SeriesRoot);
        Assert.Equal(HostSource.Graphite, host.Source);
        Assert.Equal([plugin], host.Plugins);
    }

    [Theory]
    [InlineData(0, "", "web-017")] // the host must not be the leaf
    [InlineData(1, "", "servers.web-017")]
    [InlineData(1, "", "servers..cpu")]
    [InlineData(1, "servers.", "stats.web-017.cpu")]
    [InlineData(-1, "", "web-017.cpu.user")]
    public void Paths_that_name_no_host_are_ignored(int node, string prefix, string path)
    {
        var (fleet, discovery) = Make(node, prefix);
        discovery.Observe(Batch((path, T0)));
        Assert.Equal(0, fleet.Count);
    }

    [Fact]
    public void First_and_last_seen_span_every_point_and_plugins_accumulate()
    {
        var (fleet, discovery) = Make();
        _clock.Now = T0 + 200;
        discovery.Observe(Batch(("web-1.cpu-0.cpu-user", T0 + 60), ("web-1.cpu-1.cpu-user", T0 + 60), ("web-1.load.load.shortterm", T0 + 120), ("web-2.load.load.shortterm", T0)));
        discovery.Observe(Batch(("web-1.memory.memory-used", T0 - 600), ("web-1.cpu-0.cpu-user", T0 + 180)));
        Assert.True(fleet.TryGet("web-1", out var web1));
        Assert.Equal(T0 - 600, web1!.FirstSeen);
        Assert.Equal(T0 + 180, web1.LastSeen);
        Assert.Equal(["cpu", "load", "memory"], web1.Plugins);
        Assert.Equal("web", web1.Group);
        Assert.Equal(2, fleet.Count);
        Assert.Equal([new GroupSummary("web", 2, 1)], fleet.Groups()); // web-2 last sent 200 s before the clock
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
    public void Many_series_of_few_hosts_cost_one_lookup_per_host_and_plugin()
    {
        var (fleet, discovery) = Make();
        var batch = new PointBatch(100_000);
        for (var h = 0; h < 100; h++)
        {
            for (var s = 0; s < 500; s++)
            {
                batch.Add(Encoding.UTF8.GetBytes($"host-{h:000}.cpu-{s % 8}.cpu-{s}"), T0, s);
            }
        }

        discovery.Observe(batch);
        Assert.Equal(100, fleet.Count);
        Assert.All(fleet.Hosts(), h => Assert.Equal(["cpu"], h.Plugins));
    }
}
