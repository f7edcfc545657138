namespace Mine.Relay.Routing;

/// <summary>Makes the router <c>--route</c> names, checking the destinations and replicas it is given.</summary>
public static class RouterFactory
{
    /// <summary>Python carbon-relay's <c>RELAY_METHOD = consistent-hashing</c> ring (the default).</summary>
    public const string CarbonCh = "carbon_ch";

    /// <summary>carbon-c-relay's <c>carbon_ch</c> cluster: the same ring, but collisions settled its way and tags
    /// not hashed (docs/relay.md, Routing).</summary>
    public const string CRelayCarbonCh = "c_relay_carbon_ch";

    /// <summary>carbon-c-relay's <c>fnv1a_ch</c> cluster.</summary>
    public const string Fnv1aCh = "fnv1a_ch";

    /// <summary>carbon-c-relay's <c>any_of</c> cluster, with a fixed fallback per metric.</summary>
    public const string AnyOf = "any_of";

    /// <summary>Every destination gets every point.</summary>
    public const string All = "all";

    public const string Default = CarbonCh;

    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Routes { get; } = [CarbonCh, CRelayCarbonCh, Fnv1aCh, AnyOf, All];

    /// <summary>
    /// The router for <paramref name="route"/> over <paramref name="destinations"/> (their order matters: it is the
    /// ring's insertion order for carbon_ch and the modulus's for any_of, as in the relays' configurations), sending
    /// each point to <paramref name="replicas"/> distinct destinations. Throws <see cref="ArgumentException"/> with a
    /// message for the user: an unknown route (naming the accepted ones), no destinations, a destination listed
    /// twice, two destinations the ring cannot tell apart, or replicas the destinations cannot provide.
    /// </summary>
    public static IPointRouter Create(string route, IReadOnlyList<Destination> destinations, int replicas = 1)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(destinations);
        if (!Routes.Contains(route))
        {
            throw new ArgumentException($"Unknown route '{route}'; the routes are {string.Join(", ", Routes)}.");
        }

        if (destinations.Count == 0)
        {
            throw new ArgumentException($"Route {route} needs at least one destination.");
        }

        Destination[] copy = [.. destinations];
        RefuseTwins(copy, d => $"{d.Host}:{d.Port}", "listed twice (same host and port)");
        switch (route)
        {
            case CarbonCh or CRelayCarbonCh:
                // Both relays key a carbon_ch node by (host, instance), without the port.
                RefuseTwins(copy, d => $"{d.Host} {d.Instance}", $"the same ring node for {route}, which keys a destination by host and instance, not port: give them different instances");
                break;
            case Fnv1aCh:
                RefuseTwins(copy, d => d.Instance ?? $"{d.Host}:{d.Port}", $"the same ring node for {route}, which keys a destination by its instance when it has one");
                break;
        }

        CheckReplicas(route, copy, replicas);
        return route switch
        {
            CarbonCh => new ConsistentHashRouter(route, RingFlavour.Carbon, copy, replicas),
            CRelayCarbonCh => new ConsistentHashRouter(route, RingFlavour.CarbonCRelay, copy, replicas),
            Fnv1aCh => new ConsistentHashRouter(route, RingFlavour.Fnv1aCRelay, copy, replicas),
            AnyOf => new AnyOfRouter(copy, replicas),
            _ => new AllRouter(copy),
        };
    }

    private static void CheckReplicas(string route, Destination[] destinations, int replicas)
    {
        if (route == All)
        {
            if (replicas != 1)
            {
                throw new ArgumentException($"--replicas does not apply to route {All}, which sends every point to every destination.");
            }

            return;
        }

        if (replicas < 1 || replicas > destinations.Length)
        {
            throw new ArgumentException($"--replicas {replicas} must be from 1 to the number of destinations ({destinations.Length}).");
        }

        var hosts = destinations.Select(d => d.Host).Distinct(StringComparer.Ordinal).Count();
        if (route == CarbonCh && replicas > hosts)
        {
            throw new ArgumentException(
                $"--replicas {replicas} with route {CarbonCh} needs {replicas} different hosts, there are {hosts}: carbon places "
                + $"replicas on distinct hosts (DIVERSE_REPLICAS); {CRelayCarbonCh} places them on distinct destinations.");
        }
    }

    private static void RefuseTwins(Destination[] destinations, Func<Destination, string> key, string why)
    {
        var seen = new Dictionary<string, Destination>(StringComparer.Ordinal);
        foreach (var destination in destinations)
        {
            if (!seen.TryAdd(key(destination), destination))
            {
                throw new ArgumentException($"Destinations {seen[key(destination)]} and {destination} are {why}.");
            }
        }
    }
}
