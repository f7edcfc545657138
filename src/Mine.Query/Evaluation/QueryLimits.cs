namespace Mine.Query.Evaluation;

/// <summary>
/// Bounds on one render request so a runaway query ends with a clear 400 instead of exhausting memory or CPU.
/// </summary>
public sealed record QueryLimits
{
    /// <summary>Series fetched from storage across every path of the request.</summary>
    public int MaxSeries { get; init; } = 100_000;

    /// <summary>Points fetched from storage, and points in any one function's result.</summary>
    public long MaxPoints { get; init; } = 20_000_000;

    /// <summary>Wall-clock time for evaluating the targets.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(30);

    public static QueryLimits Default { get; } = new();
}
