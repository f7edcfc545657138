using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

public sealed class ConsistentHashRouterTests
{
    // The ring of wire-protocols.md §4.3: ('10.0.0.1','a'), ('10.0.0.2','b'), ('10.0.0.3',None).
    private static readonly Destination[] s_vectorRing =
        [Destination.Parse("10.0.0.1:2004:a"), Destination.Parse("10.0.0.2:2004:b"), Destination.Parse("10.0.0.3:2004")];

    // Two collisions between nodes, each won by the node configured first in Python carbon and by the lower instance
    // in carbon-c-relay: ('127.0.0.1','h'):98 and ('127.0.0.1','f'):23 at 40667, 'd':68 and 'b':56 at 63454.
    private static readonly Destination[] s_collidingRing =
        [Destination.Parse("127.0.0.1:2101:h"), Destination.Parse("127.0.0.1:2102:f"), Destination.Parse("127.0.0.1:2103:d"), Destination.Parse("127.0.0.1:2104:b")];

    [Theory]
    [InlineData(RouterFactory.CarbonCh)]
    [InlineData(RouterFactory.CRelayCarbonCh)]
    public void Carbon_rings_place_the_wire_protocol_vectors(string route)
    {
        var router = RouterFactory.Create(route, s_vectorRing);

        Assert.Equal([2], Route(router, "foo.bar"));
        Assert.Equal([2], Route(router, "collectd.web01.load.load.shortterm"));
    }

    [Fact]
    public void Carbon_ring_with_two_replicas_walks_on_to_the_next_node()
    {
        var router = RouterFactory.Create(RouterFactory.CarbonCh, s_vectorRing, replicas: 2);

        Assert.Equal([2, 1], Route(router, "foo.bar"));
    }

    [Fact]
    public void A_contested_position_goes_to_the_first_configured_node_in_carbon_and_the_lower_instance_in_carbon_c_relay()
    {
        var carbon = RouterFactory.Create(RouterFactory.CarbonCh, s_collidingRing);
        var cRelay = RouterFactory.Create(RouterFactory.CRelayCarbonCh, s_collidingRing);

        Assert.Equal([0], Route(carbon, NameAt(40667)));   // h, configured before f
        Assert.Equal([1], Route(cRelay, NameAt(40667)));   // f < h
        Assert.Equal([1], Route(carbon, NameAt(40668)));   // f's replica moved up by one
        Assert.Equal([2], Route(carbon, NameAt(63454)));   // d, configured before b
        Assert.Equal([3], Route(cRelay, NameAt(63454)));   // b < d
        Assert.Equal([3], Route(carbon, NameAt(63455)));
    }

    [Fact]
    public void Carbon_ring_moves_a_colliding_replica_to_the_next_free_position()
    {
        var ring = ((ConsistentHashRouter)RouterFactory.Create(RouterFactory.CarbonCh, s_collidingRing)).Ring;
        var positions = Enumerable.Range(0, ring.Count).Select(ring.PositionAt).ToList();

        Assert.Equal(400, ring.Count);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(400, positions.Distinct().Count());
        Assert.Contains(40668, positions);
        Assert.Contains(63455, positions);
    }

    [Fact]
    public void Carbon_c_relay_ring_keeps_one_entry_per_contested_position()
    {
        var ring = ((ConsistentHashRouter)RouterFactory.Create(RouterFactory.CRelayCarbonCh, s_collidingRing)).Ring;

        Assert.Equal(398, ring.Count);
    }

    [Fact]
    public void Carbon_hashes_the_whole_tagged_name_and_carbon_c_relay_only_the_path()
    {
        var carbon = (ConsistentHashRouter)RouterFactory.Create(RouterFactory.CarbonCh, s_vectorRing);
        var cRelay = (ConsistentHashRouter)RouterFactory.Create(RouterFactory.CRelayCarbonCh, s_vectorRing);
        var fnv = (ConsistentHashRouter)RouterFactory.Create(RouterFactory.Fnv1aCh, s_vectorRing);

        Assert.Equal(RingHashes.CarbonPosition("foo.bar;dc=eu"u8), carbon.Position("foo.bar;dc=eu"u8));
        Assert.NotEqual(carbon.Position("foo.bar"u8), carbon.Position("foo.bar;dc=eu"u8));
        Assert.Equal(1273, cRelay.Position("foo.bar;dc=eu"u8));
        Assert.Equal(fnv.Position("foo.bar"u8), fnv.Position("foo.bar;dc=eu;x=y"u8));
    }

    [Fact]
    public void Fnv1a_ring_places_by_the_folded_FNV1a_of_the_name()
    {
        var router = (ConsistentHashRouter)RouterFactory.Create(RouterFactory.Fnv1aCh, s_vectorRing);
        var ring = router.Ring;
        var position = 0xcb94 ^ 0x2ef4;
        var entry = Enumerable.Range(0, ring.Count).FirstOrDefault(e => ring.PositionAt(e) >= position);

        Assert.Equal(position, router.Position("foo.bar"u8));
        Assert.Equal([ring.OwnerAt(entry)], Route(router, "foo.bar"));
    }

    [Theory]
    [InlineData(RouterFactory.CarbonCh, 2)]
    [InlineData(RouterFactory.CRelayCarbonCh, 4)]
    [InlineData(RouterFactory.Fnv1aCh, 4)]
    public void Replicas_are_distinct_and_start_with_the_single_placement(string route, int replicas)
    {
        Destination[] destinations =
            [Destination.Parse("10.0.0.1:2003:a"), Destination.Parse("10.0.0.1:2004:b"), Destination.Parse("10.0.0.2:2003:c"), Destination.Parse("10.0.0.2:2004:d")];
        var single = RouterFactory.Create(route, destinations);
        var replicated = RouterFactory.Create(route, destinations, replicas);

        foreach (var name in RouteNames.Make(2000))
        {
            var chosen = Route(replicated, name);
            Assert.Equal(replicas, chosen.Length);
            Assert.Equal(replicas, chosen.Distinct().Count());
            Assert.Equal(Route(single, name)[0], chosen[0]);
            if (route == RouterFactory.CarbonCh)
            {
                // DIVERSE_REPLICAS: never two copies on one host.
                Assert.Equal(replicas, chosen.Select(c => destinations[c].Host).Distinct().Count());
            }
        }
    }

    [Fact]
    public void Ring_routes_ignore_which_destinations_are_up()
    {
        var router = RouterFactory.Create(RouterFactory.CarbonCh, s_vectorRing);
        var chosen = new int[1];

        router.Route("foo.bar"u8, [false, false, false], chosen);

        Assert.Equal(2, chosen[0]);
    }

    [Fact]
    public void Route_refuses_spans_of_the_wrong_size()
    {
        var router = RouterFactory.Create(RouterFactory.CarbonCh, s_vectorRing, replicas: 2);

        Assert.Throws<ArgumentException>(() => router.Route("a"u8, [true], new int[2]));
        Assert.Throws<ArgumentException>(() => router.Route("a"u8, [], new int[1]));
    }

    internal static int[] Route(IPointRouter router, string name)
    {
        var chosen = new int[router.MaxChosen];
        var count = router.Route(RouteNames.Bytes(name), [], chosen);
        return chosen[..count];
    }

    /// <summary>A metric name whose carbon position is <paramref name="position"/>.</summary>
    private static string NameAt(int position)
    {
        for (var i = 0; ; i++)
        {
            var name = $"probe.{i}";
            if (RingHashes.CarbonPosition(RouteNames.Bytes(name)) == position)
            {
                return name;
            }
        }
    }
}
