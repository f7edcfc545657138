using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

public sealed class RouterFactoryTests
{
    private static readonly Destination[] s_three =
        [Destination.Parse("10.0.0.1:2003:a"), Destination.Parse("10.0.0.2:2003:b"), Destination.Parse("10.0.0.3:2003")];

    [Fact]
    public void An_unknown_route_is_refused_naming_the_accepted_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => RouterFactory.Create("consistent-hashing", s_three));

        Assert.Contains("'consistent-hashing'", error.Message, StringComparison.Ordinal);
        Assert.Contains("carbon_ch, c_relay_carbon_ch, fnv1a_ch, any_of, all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_route_is_made_with_its_name()
    {
        foreach (var route in RouterFactory.Routes)
        {
            Assert.Equal(route, RouterFactory.Create(route, s_three).Name);
        }

        Assert.Equal(RouterFactory.CarbonCh, RouterFactory.Default);
    }

    [Fact]
    public void All_sends_every_point_to_every_destination()
    {
        var router = RouterFactory.Create(RouterFactory.All, s_three);

        Assert.Equal([0, 1, 2], ConsistentHashRouterTests.Route(router, "foo.bar"));
        Assert.Throws<ArgumentException>(() => RouterFactory.Create(RouterFactory.All, s_three, replicas: 2));
    }

    [Fact]
    public void No_destinations_is_refused() =>
        Assert.Throws<ArgumentException>(() => RouterFactory.Create(RouterFactory.CarbonCh, []));

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Replicas_outside_one_to_the_destination_count_are_refused(int replicas)
    {
        var error = Assert.Throws<ArgumentException>(() => RouterFactory.Create(RouterFactory.Fnv1aCh, s_three, replicas));

        Assert.Contains("--replicas", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Carbon_ch_replicas_need_as_many_hosts()
    {
        Destination[] oneHost = [Destination.Parse("10.0.0.1:2003:a"), Destination.Parse("10.0.0.1:2004:b")];

        var error = Assert.Throws<ArgumentException>(() => RouterFactory.Create(RouterFactory.CarbonCh, oneHost, replicas: 2));

        Assert.Contains("DIVERSE_REPLICAS", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, RouterFactory.Create(RouterFactory.CRelayCarbonCh, oneHost, replicas: 2).MaxChosen);
    }

    [Fact]
    public void A_destination_listed_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RouterFactory.Create(RouterFactory.AnyOf, [Destination.Parse("10.0.0.1:2003"), Destination.Parse("10.0.0.1:2003:a")]));

        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RouterFactory.CarbonCh, "10.0.0.1:2003", "10.0.0.1:2004")]
    [InlineData(RouterFactory.CRelayCarbonCh, "10.0.0.1:2003:a", "10.0.0.1:2004:a")]
    [InlineData(RouterFactory.Fnv1aCh, "10.0.0.1:2003:a", "10.0.0.2:2003:a")]
    public void Destinations_the_ring_cannot_tell_apart_are_refused(string route, string first, string second)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RouterFactory.Create(route, [Destination.Parse(first), Destination.Parse(second)]));

        Assert.Contains("the same ring node", error.Message, StringComparison.Ordinal);
    }
}
