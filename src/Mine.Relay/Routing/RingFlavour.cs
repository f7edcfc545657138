namespace Mine.Relay.Routing;

/// <summary>Which relay's consistent-hash ring a <see cref="ConsistentHashRouter"/> reproduces.</summary>
internal enum RingFlavour
{
    /// <summary>Python carbon-relay's (and graphite-web's CARBONLINK_HOSTS) ring: MD5, a colliding replica moves
    /// to the next free position, the whole name is hashed, replicas on distinct hosts (DIVERSE_REPLICAS).</summary>
    Carbon,

    /// <summary>carbon-c-relay's <c>carbon_ch</c>: the same replica keys, but a collision keeps one entry (the lower
    /// host, then instance, no instance last), and only the name before the tags is hashed.</summary>
    CarbonCRelay,

    /// <summary>carbon-c-relay's <c>fnv1a_ch</c>: FNV-1a keyed by instance, or by host:port when there is none.</summary>
    Fnv1aCRelay,
}
