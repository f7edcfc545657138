namespace Mine.Query.Targets;

/// <summary>
/// Bounds on the size of one target, checked while it is parsed, so a hostile target is refused with a 400
/// naming the limit instead of exhausting the stack or memory. Far above anything Grafana or a hand-written
/// dashboard sends.
/// </summary>
public static class TargetLimits
{
    /// <summary>
    /// Calls nested inside each other (pipes count as nesting: <c>a|f()|g()</c> is two levels). graphite-web's
    /// pyparsing grammar already fails with Python's RecursionError (HTTP 500) between 20 and 40 levels; without a
    /// bound a few kilobytes of <c>f(f(f(…</c> would overflow the stack of the parser or the evaluator.
    /// </summary>
    public const int MaxNesting = 100;

    /// <summary>Characters in one target.</summary>
    public const int MaxLength = 100_000;

    /// <summary>Positional plus keyword arguments of one call.</summary>
    public const int MaxArguments = 2_000;
}
