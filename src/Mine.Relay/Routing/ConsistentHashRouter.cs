namespace Mine.Relay.Routing;

/// <summary>
/// carbon_ch, c_relay_carbon_ch and fnv1a_ch: a metric goes to the owner of the first ring entry at or after its
/// hash position, and its replicas to the next distinct owners clockwise. A destination that is down keeps its
/// metrics (its buffer waits), as in both relays without a dynamic ring, so placement never moves.
/// </summary>
internal sealed class ConsistentHashRouter : IPointRouter
{
    private readonly RingFlavour _flavour;
    private readonly HashRing _ring;
    private readonly int _replicas;

    // Per destination, a number shared by destinations on the same host: carbon's DIVERSE_REPLICAS compares hosts.
    private readonly int[] _hostIds;

    public ConsistentHashRouter(string name, RingFlavour flavour, IReadOnlyList<Destination> destinations, int replicas)
    {
        Name = name;
        Destinations = destinations;
        _flavour = flavour;
        _replicas = replicas;
        _ring = HashRingBuilder.Build(flavour, destinations);
        var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
        _hostIds = [.. destinations.Select(d => hosts.TryGetValue(d.Host, out var id) ? id : hosts[d.Host] = hosts.Count)];
    }

    public string Name { get; }

    public IReadOnlyList<Destination> Destinations { get; }

    public int MaxChosen => _replicas;

    /// <summary>Python carbon picks replicas on distinct hosts (DIVERSE_REPLICAS, on by default); carbon-c-relay
    /// picks distinct destinations.</summary>
    private bool DiverseHosts => _flavour == RingFlavour.Carbon;

    /// <summary>The ring entry a metric starts from (for tests and diagnostics).</summary>
    internal int Position(ReadOnlySpan<byte> metricName) => _flavour switch
    {
        // Python carbon hashes the whole name as received (TAG_RELAY_NORMALIZED is off by default).
        RingFlavour.Carbon => RingHashes.CarbonPosition(metricName),
        RingFlavour.CarbonCRelay => RingHashes.CarbonPosition(RingHashes.PathBeforeTags(metricName)),
        _ => RingHashes.Fnv1aPosition(RingHashes.PathBeforeTags(metricName)),
    };

    internal HashRing Ring => _ring;

    public int Route(ReadOnlySpan<byte> metricName, ReadOnlySpan<bool> up, Span<int> chosen)
    {
        RouteArguments.Check(this, up, chosen);
        var entry = _ring.FirstAtOrAfter(Position(metricName));
        chosen[0] = _ring.OwnerAt(entry);
        var count = 1;
        for (var step = 1; count < _replicas && step < _ring.Count; step++)
        {
            var owner = _ring.OwnerAt((entry + step) % _ring.Count);
            if (!IsTaken(chosen[..count], owner))
            {
                chosen[count++] = owner;
            }
        }

        return count;
    }

    private bool IsTaken(ReadOnlySpan<int> chosen, int owner)
    {
        foreach (var c in chosen)
        {
            if (c == owner || (DiverseHosts && _hostIds[c] == _hostIds[owner]))
            {
                return true;
            }
        }

        return false;
    }
}
