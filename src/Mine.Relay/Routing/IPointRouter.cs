namespace Mine.Relay.Routing;

/// <summary>
/// Decides which destinations receive a point, from its metric name. Made once per configuration
/// (<see cref="RouterFactory.Create"/>) and called for every point, from any number of threads: implementations
/// are immutable and allocate nothing per call.
/// </summary>
public interface IPointRouter
{
    /// <summary>The route's name as <c>--route</c> gives it (<see cref="RouterFactory.Routes"/>).</summary>
    string Name { get; }

    /// <summary>The destinations in configuration order; <see cref="Route"/> answers with indexes into this list.</summary>
    IReadOnlyList<Destination> Destinations { get; }

    /// <summary>The most destinations one point can go to: the replicas, or every destination for <c>all</c>.
    /// The span given to <see cref="Route"/> must hold at least this many.</summary>
    int MaxChosen { get; }

    /// <summary>
    /// Writes the indexes of the destinations <paramref name="metricName"/> goes to into <paramref name="chosen"/>
    /// (distinct, the primary first) and returns how many. <paramref name="metricName"/> is the name's bytes as
    /// received, tags included. <paramref name="up"/> says, per destination, whether it is reachable now (empty
    /// means all are); only <c>any_of</c> reads it: the hash rings keep a metric on its destination whatever
    /// happens, and the destination's disk buffer holds the points until it is back.
    /// </summary>
    int Route(ReadOnlySpan<byte> metricName, ReadOnlySpan<bool> up, Span<int> chosen);
}
