using System.Text;
using Mine.Core.Series;
using Mine.Demo;
using Mine.Fleet;
using Mine.TestKit;

namespace Mine.Server.Tests.Fleet;

public class DemoFleetTests
{
    private const long Now = 1_780_000_000;
    private static readonly DemoFleet Fleet = new();

    [Fact]
    public void A_few_hundred_hosts_in_groups_that_the_default_rule_finds()
    {
        Assert.InRange(Fleet.Hosts.Count, 200, 400);
        Assert.Equal(["app", "batch", "cache", "db", "lb", "web"], Fleet.Hosts.Select(h => h.Group).Distinct().Order(StringComparer.Ordinal));
        Assert.All(Fleet.Hosts, h => Assert.Equal(h.Group, HostGrouping.DefaultGroup(h.Name)));
        Assert.Equal(Fleet.Hosts.Count, Fleet.Hosts.Select(h => h.Name).Distinct().Count());
    }

    [Fact]
    public void The_known_landmines_are_in_the_fleet()
    {
        foreach (var (name, behaviour) in DemoFleet.KnownBehaviours)
        {
            Assert.Equal(behaviour, Assert.Single(Fleet.Hosts, h => h.Name == name).Behaviour);
        }

        Assert.Contains(Fleet.Hosts, h => h.Behaviour == DemoBehaviour.OverWorking);
        Assert.Contains(Fleet.Hosts, h => h.Behaviour == DemoBehaviour.UnderWorking);
    }

    [Fact]
    public void Series_are_named_as_write_graphite_names_collectd_values()
    {
        var web = Fleet.Hosts.First(h => h.Name == "web-001");
        Assert.Contains("cpu-0.cpu-user", web.Series);
        Assert.Contains("cpu-3.cpu-idle", web.Series);
        Assert.Contains("load.load.shortterm", web.Series);
        Assert.Contains("memory.memory-used", web.Series);
        Assert.Contains("interface-eth0.if_octets.rx", web.Series);
        Assert.Contains("disk-sda.disk_ops.write", web.Series);
        Assert.Contains("df-root.df_complex-free", web.Series);
        Assert.Contains("processes.ps_state-running", web.Series);
        Assert.Contains("nginx.nginx_connections-active", web.Series);
        Assert.DoesNotContain(Fleet.Hosts.First(h => h.Group == "db").Series, s => s.StartsWith("nginx.", StringComparison.Ordinal));
    }

    [Fact]
    public void Cpu_states_of_a_core_add_up_to_100_jiffies_a_second()
    {
        foreach (var host in Fleet.Hosts.Where(h => h.Index % 17 == 0 || h.Behaviour != DemoBehaviour.Normal))
        {
            for (var core = 0; core < host.Cores; core++)
            {
                var sum = Enumerable.Range(0, host.Series.Count)
                    .Where(i => host.Series[i].StartsWith($"cpu-{core}.", StringComparison.Ordinal))
                    .Sum(i => Fleet.Value(host, i, Now));
                Assert.InRange(sum, 99.5, 100.5);
            }
        }
    }

    [Fact]
    public void Landmines_stand_out_from_their_group()
    {
        foreach (var host in Fleet.Hosts.Where(h => h.Behaviour is DemoBehaviour.OverWorking or DemoBehaviour.UnderWorking))
        {
            var peers = Fleet.Hosts.Where(h => h.Group == host.Group && h.Behaviour == DemoBehaviour.Normal).Select(h => DemoFleet.Utilisation(h, Now)).Order().ToList();
            var median = peers[peers.Count / 2];
            var mine = DemoFleet.Utilisation(host, Now);
            if (host.Behaviour == DemoBehaviour.OverWorking)
            {
                Assert.True(mine > 1.8 * median, $"{host.Name}: {mine} vs group median {median}");
            }
            else
            {
                Assert.True(mine < 0.3 * median, $"{host.Name}: {mine} vs group median {median}");
            }
        }
    }

    [Fact]
    public void Values_depend_only_on_host_series_and_time()
    {
        var host = Fleet.Hosts[5];
        var again = new DemoFleet().Hosts[5];
        for (var s = 0; s < host.Series.Count; s++)
        {
            Assert.Equal(Fleet.Value(host, s, Now), new DemoFleet().Value(again, s, Now));
            Assert.True(double.IsFinite(Fleet.Value(host, s, Now)) && Fleet.Value(host, s, Now) >= 0, host.Series[s]);
        }
    }

    [Fact]
    public void Stale_hosts_stop_sending_after_their_stop_and_the_others_go_on()
    {
        var stale = Fleet.Hosts.First(h => h.Behaviour == DemoBehaviour.Stale);
        var batch = new PointBatch();
        Fleet.Append(batch, Now, Now - 1);
        var names = Enumerable.Range(0, batch.Count).Select(i => Encoding.UTF8.GetString(batch.Name(i))).ToHashSet();
        Assert.DoesNotContain(names, n => n.StartsWith(stale.Name + ".", StringComparison.Ordinal));
        Assert.Equal(Fleet.Hosts.Where(h => h.Behaviour != DemoBehaviour.Stale).Sum(h => h.Series.Count), batch.Count);
        Assert.True(DemoFleet.Sends(stale, Now - 1, Now - 1));
        Assert.False(DemoFleet.Sends(stale, Now, Now - 1));
        Assert.True(DemoFleet.Sends(Fleet.Hosts.First(h => h.Behaviour != DemoBehaviour.Stale), Now, Now - 1));
    }

    [Theory]
    [InlineData(0, "", "")]
    [InlineData(1, "servers.", "servers.")]
    [InlineData(1, "servers", "servers.")]
    [InlineData(1, "", "demo.")]
    [InlineData(2, "dc.", "dc.demo.")]
    public void Demo_paths_put_the_host_on_the_configured_host_node(int node, string prefix, string root)
    {
        Assert.Equal(root, DemoFeeder.RootFor(new FleetRules { GraphiteHostNode = node, GraphitePrefix = prefix }));
        var demo = new DemoFleet(root, scale: 0.05);
        var batch = new PointBatch();
        demo.AppendHost(batch, demo.Hosts[0], Now);
        var directory = Directory.CreateTempSubdirectory("mine-demo-node").FullName;
        try
        {
            var fleet = new FleetRegistry(directory, new FleetRules { GraphiteHostNode = node, GraphitePrefix = prefix }, time: new ManualClock(Now));
            new GraphiteHostDiscovery(fleet).Observe(batch);
            Assert.Equal(demo.Hosts[0].Name, Assert.Single(fleet.Hosts()).Name);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
