namespace Mine.Query.Targets;

/// <summary>
/// Bounds on the size of one target, checked while it is parsed, so a hostile target is refused with a 400
/// naming the limit instead of exhausting the stack or memory (graphite-web has none: 50,000 nested calls
/// overflow its parser too). Far above anything Grafana or a hand-written dashboard sends.
/// </summary>
public static class TargetLimits
{
    /// <summary>Calls nested inside each other (pipes count as nesting: <c>a|f()|g()</c> is two levels).</summary>
    public const int MaxNesting = 256;

    /// <summary>Characters in one target.</summary>
    public const int MaxLength = 100_000;

    /// <summary>Positional plus keyword arguments of one call.</summary>
    public const int MaxArguments = 2_000;
}
