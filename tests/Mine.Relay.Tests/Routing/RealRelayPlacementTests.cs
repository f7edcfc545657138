using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

/// <summary>
/// Mine's routes against the real programs: the relay forwards 10,000 names to four line sinks, and each name must
/// reach the sink Mine's router picks for it from the same destination list.
/// </summary>
public sealed class RealRelayPlacementTests
{
    private const string CarbonRelay = "/usr/bin/carbon-relay";
    private const string CRelay = "/usr/bin/carbon-c-relay";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    // In this order, the ring has two contested positions won by different nodes in the two relays (see
    // ConsistentHashRouterTests), so a router reproducing the wrong one fails on about one name in a hundred.
    private static readonly string[] s_instances = ["h", "f", "d", "b"];

    private static readonly List<string> s_names = RouteNames.Make(10_000);

    [RelayProgramFact(CarbonRelay, "graphite-carbon")]
    public async Task Carbon_ch_places_every_name_where_carbon_relay_does()
    {
        await using var sinks = new LineSinks(s_instances.Length);
        var destinations = Destinations(sinks, s_instances);
        var carbon = RouterFactory.Create(RouterFactory.CarbonCh, destinations);
        Assert.True(Disagreements(carbon, RouterFactory.Create(RouterFactory.CRelayCarbonCh, destinations)) > 100);

        await PlaceAsync(sinks, dir =>
        {
            var port = FreePort();
            File.WriteAllText(Path.Combine(dir, "storage-schemas.conf"), "");
            File.WriteAllText(Path.Combine(dir, "carbon.conf"), $"""
                [cache]
                STORAGE_DIR = {dir}/
                LOCAL_DATA_DIR = {dir}/whisper/
                CONF_DIR = {dir}/
                LOG_DIR = {dir}/
                PID_DIR = {dir}/
                [relay]
                LINE_RECEIVER_INTERFACE = 127.0.0.1
                LINE_RECEIVER_PORT = {port}
                PICKLE_RECEIVER_INTERFACE = 127.0.0.1
                PICKLE_RECEIVER_PORT = {FreePort()}
                RELAY_METHOD = consistent-hashing
                REPLICATION_FACTOR = 1
                DESTINATIONS = {string.Join(", ", destinations.Select(d => d.ToString()))}
                DESTINATION_PROTOCOL = line
                CARBON_METRIC_INTERVAL = 0
                MAX_QUEUE_SIZE = 100000
                """);
            var relay = new RelayProcess(CarbonRelay, [$"--config={dir}/carbon.conf", "--nodaemon", $"--pidfile={dir}/relay.pid", "start"], dir);
            return (relay, port);
        });

        AssertSamePlacement(carbon, sinks.Arrivals());
    }

    [RelayProgramFact(CRelay, "carbon-c-relay")]
    public async Task C_relay_carbon_ch_places_every_name_where_carbon_c_relay_does()
    {
        await using var sinks = new LineSinks(s_instances.Length);
        var destinations = Destinations(sinks, s_instances);
        var cRelay = RouterFactory.Create(RouterFactory.CRelayCarbonCh, destinations);

        await PlaceWithCRelayAsync(sinks, "carbon_ch", destinations);

        AssertSamePlacement(cRelay, sinks.Arrivals());
    }

    [RelayProgramTheory(CRelay, "carbon-c-relay")]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fnv1a_ch_places_every_name_where_carbon_c_relay_does(bool instances)
    {
        await using var sinks = new LineSinks(s_instances.Length);
        var destinations = Destinations(sinks, instances ? s_instances : new string?[s_instances.Length]);
        var fnv = RouterFactory.Create(RouterFactory.Fnv1aCh, destinations);

        await PlaceWithCRelayAsync(sinks, "fnv1a_ch", destinations);

        AssertSamePlacement(fnv, sinks.Arrivals());
    }

    [RelayProgramFact(CRelay, "carbon-c-relay")]
    public async Task Any_of_places_every_name_where_carbon_c_relay_does_while_all_are_up()
    {
        await using var sinks = new LineSinks(s_instances.Length);
        var destinations = Destinations(sinks, new string?[s_instances.Length]);
        var anyOf = RouterFactory.Create(RouterFactory.AnyOf, destinations);

        await PlaceWithCRelayAsync(sinks, "any_of", destinations);

        AssertSamePlacement(anyOf, sinks.Arrivals());
    }

    /// <summary>carbon-c-relay in the foreground, listening on 127.0.0.1 only, one cluster of the destinations
    /// (<c>host:port=instance</c>), in submission mode (-s) so it adds no statistics of its own to the stream.</summary>
    private static Task PlaceWithCRelayAsync(LineSinks sinks, string clusterType, Destination[] destinations) =>
        PlaceAsync(sinks, dir =>
        {
            var port = FreePort();
            var servers = string.Join(' ', destinations.Select(d => d.Instance is null ? $"{d.Host}:{d.Port}" : $"{d.Host}:{d.Port}={d.Instance}"));
            File.WriteAllText(Path.Combine(dir, "relay.conf"), $"""
                listen type linemode 127.0.0.1:{port} proto tcp;
                cluster mine {clusterType} {servers};
                match * send to mine stop;
                """);
            return (new RelayProcess(CRelay, ["-f", "relay.conf", "-s", "-w", "1"], dir), port);
        });

    /// <summary>Starts the relay in a temporary folder, sends every name to it once as a plaintext line and waits
    /// until each has reached a sink.</summary>
    private static async Task PlaceAsync(LineSinks sinks, Func<string, (RelayProcess Relay, int Port)> start)
    {
        var dir = Directory.CreateTempSubdirectory("mine-routing-");
        try
        {
            var (relay, port) = start(dir.FullName);
            using (relay)
            {
                await relay.WaitForListenerAsync(port, s_timeout);
                using (var client = new TcpClient())
                {
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    var lines = new StringBuilder();
                    foreach (var name in s_names)
                    {
                        lines.Append(CultureInfo.InvariantCulture, $"{name} 1 1700000000\n");
                    }

                    await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()));
                }

                await sinks.WaitForAsync(s_names, s_timeout, () => relay.Output);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void AssertSamePlacement(IPointRouter router, Dictionary<string, List<int>> arrivals)
    {
        var chosen = new int[router.MaxChosen];
        var wrong = new List<string>();
        foreach (var name in s_names)
        {
            var sinks = arrivals[name];
            Assert.True(sinks.Count == 1, $"{name} reached sinks {string.Join(", ", sinks)}, not one");
            router.Route(RouteNames.Bytes(name), [], chosen);
            if (chosen[0] != sinks[0])
            {
                wrong.Add($"{name}: relay {router.Destinations[sinks[0]]}, Mine {router.Destinations[chosen[0]]}");
            }
        }

        Assert.True(wrong.Count == 0, $"{router.Name}: {wrong.Count} of {s_names.Count} names placed elsewhere than the real relay, e.g.\n{string.Join('\n', wrong.Take(20))}");
    }

    /// <summary>On how many of the names two routers disagree: the test's names and ring must tell the relays apart.</summary>
    private static int Disagreements(IPointRouter first, IPointRouter second) =>
        s_names.Count(n => ConsistentHashRouterTests.Route(first, n)[0] != ConsistentHashRouterTests.Route(second, n)[0]);

    private static Destination[] Destinations(LineSinks sinks, string?[] instances) =>
        [.. instances.Select((instance, i) => new Destination("127.0.0.1", sinks.Port(i), instance))];

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
