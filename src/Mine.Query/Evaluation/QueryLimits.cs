namespace Mine.Query.Evaluation;

/// <summary>
/// Bounds on one render request so a runaway query ends with a clear 400 instead of exhausting memory or CPU.
/// Every bound is checked before the work or memory it guards is spent: reads say how many points they will
/// return before allocating them, functions reserve their arrays before allocating them, and the time limit
/// is checked inside reads, function loops, regular expression matching and drawing, not only between targets.
/// </summary>
public sealed record QueryLimits
{
    /// <summary>Series fetched from storage across every path of the request.</summary>
    public int MaxSeries { get; init; } = 100_000;

    /// <summary>Points fetched from storage (each path and range counted once), and points in any one function's result.</summary>
    public long MaxPoints { get; init; } = 20_000_000;

    /// <summary>Wall-clock time for evaluating the targets and drawing or formatting the answer.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes of values the request may allocate in all: every read (also repeated reads of one path) and every
    /// array a function makes, 8 bytes a point, added up over the whole request (a bound on its peak memory).
    /// </summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryMegabytes << 20;

    public const long DefaultMaxMemoryMegabytes = 1024;

    public static QueryLimits Default { get; } = new();

    /// <summary>The message of a request stopped by <see cref="MaxDuration"/>.</summary>
    public string TimeLimitMessage
        => $"The query ran longer than {MaxDuration.TotalSeconds:0.###} s (MaxQuerySeconds); narrow the targets or the time range.";

    /// <summary>The one refusal of a request that would read more than <see cref="MaxSeries"/> series.</summary>
    internal QueryArgumentException SeriesLimitExceeded()
        => new($"The request matches more than {MaxSeries} series (MaxSeriesPerRequest); narrow the targets.");

    internal QueryArgumentException MemoryLimitExceeded(string what)
        => new($"{what} would take the request past its memory budget of {MaxMemoryBytes >> 20} MB of values (MaxRequestMemoryMB, 8 bytes a point, counted over the whole request); narrow the targets or the time range.");

    internal QueryArgumentException FunctionPointsExceeded(string function)
        => new($"{function}() would produce more than {MaxPoints} points (MaxPointsPerRequest); narrow the targets or the time range.");
}
