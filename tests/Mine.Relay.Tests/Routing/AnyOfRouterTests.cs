using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

public sealed class AnyOfRouterTests
{
    private static readonly Destination[] s_four =
        [Destination.Parse("10.0.0.1:2003"), Destination.Parse("10.0.0.2:2003"), Destination.Parse("10.0.0.3:2003"), Destination.Parse("10.0.0.4:2003")];

    private static readonly List<string> s_names = RouteNames.Make(10_000);

    [Fact]
    public void With_all_up_a_metric_goes_to_its_FNV1a_modulo_destination_as_in_carbon_c_relay()
    {
        var router = RouterFactory.Create(RouterFactory.AnyOf, s_four);

        Assert.Equal([(int)(0xcb942ef4u % 4)], Route(router, "foo.bar", []));
        Assert.Equal(Route(router, "foo.bar", []), Route(router, "foo.bar;dc=eu", []));
    }

    [Fact]
    public void A_down_destinations_metrics_spread_over_the_others_and_the_rest_stay_put()
    {
        var router = RouterFactory.Create(RouterFactory.AnyOf, s_four);
        bool[] oneDown = [true, false, true, true];
        var moved = new int[4];

        foreach (var name in s_names)
        {
            var home = Route(router, name, [])[0];
            var now = Route(router, name, oneDown)[0];
            if (home != 1)
            {
                Assert.Equal(home, now);
            }
            else
            {
                Assert.NotEqual(1, now);
                Assert.Equal(now, Route(router, name, oneDown)[0]);
                moved[now]++;
            }
        }

        var total = moved.Sum();
        Assert.InRange(total, 2000, 3000);
        foreach (var d in (int[])[0, 2, 3])
        {
            Assert.InRange(moved[d], total / 3 * 0.8, total / 3 * 1.2);
        }
    }

    [Fact]
    public void A_second_failure_moves_only_the_metrics_that_sat_on_it()
    {
        var router = RouterFactory.Create(RouterFactory.AnyOf, s_four);

        foreach (var name in s_names)
        {
            var oneDown = Route(router, name, [true, false, true, true])[0];
            var twoDown = Route(router, name, [true, false, false, true])[0];
            if (oneDown != 2)
            {
                Assert.Equal(oneDown, twoDown);
            }
            else
            {
                Assert.True(twoDown is 0 or 3);
            }
        }
    }

    [Fact]
    public void With_every_destination_down_a_metric_waits_for_its_own()
    {
        var router = RouterFactory.Create(RouterFactory.AnyOf, s_four);

        foreach (var name in s_names.Take(500))
        {
            Assert.Equal(Route(router, name, []), Route(router, name, [false, false, false, false]));
        }
    }

    [Fact]
    public void Replicas_prefer_destinations_that_are_up_and_keep_their_number()
    {
        var router = RouterFactory.Create(RouterFactory.AnyOf, s_four, replicas: 2);

        foreach (var name in s_names.Take(1000))
        {
            var allUp = Route(router, name, []);
            Assert.Equal(2, allUp.Distinct().Count());
            Assert.Equal(Route(RouterFactory.Create(RouterFactory.AnyOf, s_four), name, [])[0], allUp[0]);

            var twoDown = Route(router, name, [true, false, false, true]);
            Assert.Equal([0, 3], twoDown.Order());

            var threeDown = Route(router, name, [false, false, false, true]);
            Assert.Equal(3, threeDown[0]);
            Assert.Equal(2, threeDown.Distinct().Count());
        }
    }

    private static int[] Route(IPointRouter router, string name, bool[] up)
    {
        var chosen = new int[router.MaxChosen];
        var count = router.Route(RouteNames.Bytes(name), up, chosen);
        return chosen[..count];
    }
}
