namespace Mine.Relay.Routing;

/// <summary>all: every point goes to every destination (carbon-c-relay's forward cluster); a destination that is
/// down gets its copy when it is back, from its buffer.</summary>
internal sealed class AllRouter : IPointRouter
{
    public AllRouter(IReadOnlyList<Destination> destinations) => Destinations = destinations;

    public string Name => RouterFactory.All;

    public IReadOnlyList<Destination> Destinations { get; }

    public int MaxChosen => Destinations.Count;

    public int Route(ReadOnlySpan<byte> metricName, ReadOnlySpan<bool> up, Span<int> chosen)
    {
        RouteArguments.Check(this, up, chosen);
        for (var d = 0; d < Destinations.Count; d++)
        {
            chosen[d] = d;
        }

        return Destinations.Count;
    }
}
