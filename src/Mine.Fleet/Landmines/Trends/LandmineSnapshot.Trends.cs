namespace Mine.Fleet;

public sealed partial record LandmineSnapshot
{
    /// <summary>Series heading for their limit (<see cref="TrendDetector"/>), soonest first; computed less often than
    /// the levels, so the same list may be served by several snapshots.</summary>
    public IReadOnlyList<TrendFinding> Trends { get; init; } = [];
}
