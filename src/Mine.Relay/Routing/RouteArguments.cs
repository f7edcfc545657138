namespace Mine.Relay.Routing;

/// <summary>The checks every <see cref="IPointRouter.Route"/> makes on its caller's spans (cheap: two lengths).</summary>
internal static class RouteArguments
{
    public static void Check(IPointRouter router, ReadOnlySpan<bool> up, Span<int> chosen)
    {
        if (!up.IsEmpty && up.Length != router.Destinations.Count)
        {
            throw new ArgumentException($"up has {up.Length} entries for {router.Destinations.Count} destinations", nameof(up));
        }

        if (chosen.Length < router.MaxChosen)
        {
            throw new ArgumentException($"chosen holds {chosen.Length}, the route can choose {router.MaxChosen}", nameof(chosen));
        }
    }
}
