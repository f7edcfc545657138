namespace Mine.Relay.Routing;

/// <summary>
/// any_of: a metric belongs to destination FNV-1a-32(name before the tags) mod the number of destinations, as in
/// carbon-c-relay, so while everything is up placement is carbon-c-relay's. When that destination is down its
/// metrics go to the destination that is up and ranks highest for the metric (rendezvous hashing: a score per
/// metric and destination), so they spread evenly over the others, each metric stays put while the set of live
/// destinations stays the same, and metrics of destinations that are up never move. carbon-c-relay instead moves
/// a failed server's queue in batches to randomly picked live ones, so a metric has no fixed fallback there.
/// </summary>
internal sealed class AnyOfRouter : IPointRouter
{
    private readonly int _replicas;

    public AnyOfRouter(IReadOnlyList<Destination> destinations, int replicas)
    {
        Destinations = destinations;
        _replicas = replicas;
    }

    public string Name => RouterFactory.AnyOf;

    public IReadOnlyList<Destination> Destinations { get; }

    public int MaxChosen => _replicas;

    /// <summary>
    /// The metric's order of preference is its home destination, then the others by descending score; the route
    /// takes the first <c>replicas</c> of them that are up, and when fewer are up, the first that are down after them
    /// (their buffers keep the copies until they are back), so a point always has its number of copies.
    /// </summary>
    public int Route(ReadOnlySpan<byte> metricName, ReadOnlySpan<bool> up, Span<int> chosen)
    {
        RouteArguments.Check(this, up, chosen);
        var hash = RingHashes.Fnv1a32(RingHashes.PathBeforeTags(metricName));
        var home = (int)(hash % (uint)Destinations.Count);
        var count = 0;
        foreach (var wantUp in (ReadOnlySpan<bool>)[true, false])
        {
            if (count < _replicas && IsUp(up, home) == wantUp)
            {
                chosen[count++] = home;
            }

            while (count < _replicas && Best(hash, home, up, wantUp, chosen[..count]) is var next and >= 0)
            {
                chosen[count++] = next;
            }
        }

        return count;
    }

    private static bool IsUp(ReadOnlySpan<bool> up, int destination) => up.IsEmpty || up[destination];

    /// <summary>The highest-scoring destination other than home and the chosen, up or down as asked; -1 if none.</summary>
    private int Best(uint hash, int home, ReadOnlySpan<bool> up, bool wantUp, ReadOnlySpan<int> chosen)
    {
        var best = -1;
        var bestScore = 0UL;
        for (var d = 0; d < Destinations.Count; d++)
        {
            if (d == home || IsUp(up, d) != wantUp || chosen.Contains(d))
            {
                continue;
            }

            var score = Score(hash, d);
            if (best < 0 || score > bestScore)
            {
                best = d;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>SplitMix64's finaliser over (hash, destination): a well-mixed, fixed pseudo-random score.</summary>
    private static ulong Score(uint hash, int destination)
    {
        var z = (((ulong)hash << 32) | (uint)destination) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
