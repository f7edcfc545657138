using Mine.Compat.Python;
using Mine.Core.Buffers;
using Mine.Query.Series;

namespace Mine.Query.Evaluation;

/// <summary>
/// graphite-web's <c>requestContext</c>: the time range, the request's time zone and xFilesFactor, template
/// parameters, where to read series, and the request's shared budget. Functions that look at another time range
/// (timeShift, movingAverage's bootstrap) evaluate with a copy from <see cref="WithTimeRange"/>.
/// </summary>
public sealed record EvaluationContext : IMatchBudget
{
    /// <summary>Start of the request range, Unix seconds.</summary>
    public required long StartSeconds { get; init; }

    /// <summary>End of the request range, Unix seconds.</summary>
    public required long EndSeconds { get; init; }

    /// <summary>The request's notion of now (the <c>now</c> parameter or the clock), Unix seconds.</summary>
    public required long NowSeconds { get; init; }

    public required ISeriesSource Source { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The request's xFilesFactor parameter, null when absent (graphite-web then uses 0). setXFilesFactor()
    /// replaces it for the rest of the request, as graphite-web writes into its requestContext dict.
    /// </summary>
    public double? XFilesFactor
    {
        get => _state.XFilesFactor;
        init => _state = _state.CopyWith(value);
    }

    /// <summary>
    /// graphite-web's requestContext is a mutable dict that setXFilesFactor() and stacked() write into; functions
    /// evaluating another range work on a shallow copy of it (see <see cref="WithTimeRange"/>).
    /// </summary>
    private RequestState _state = new();

    /// <summary>setXFilesFactor(): <c>requestContext['xFilesFactor'] = value</c>.</summary>
    internal void SetXFilesFactor(double value) => _state.XFilesFactor = value;

    /// <summary>stacked()'s <c>requestContext['totalStack']</c>: running totals by stack name, null until first used.</summary>
    internal Dictionary<string, List<double>>? TotalStack
    {
        get => _state.TotalStack;
        set => _state.TotalStack = value;
    }

    /// <summary>The request's <c>template[name]=value</c> parameters.</summary>
    public IReadOnlyDictionary<string, string> Template { get; init; } = new Dictionary<string, string>();

    /// <summary>graphite-web's <c>local=1</c>: answer from this node only (cluster fan-out).</summary>
    public bool LocalOnly { get; init; }

    /// <summary>Events for the events() function; null when the host keeps none.</summary>
    public IEventSource? Events { get; init; }

    public QueryLimits Limits { get; init; } = QueryLimits.Default;

    /// <summary>Time, series and points spent, shared by every context derived from one request.</summary>
    internal RequestBudget Budget { get; init; } = new();

    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// How many points per series a read may consolidate to when reading every point would pass the request's
    /// limits: the request's maxDataPoints, or the width of the image it draws. Null refuses such reads instead.
    /// See <see cref="SeriesReadLimits.ConsolidateTo"/>.
    /// </summary>
    public int? ReadConsolidationPoints { get; init; }

    /// <summary>
    /// Where wide results get their value arrays: a host that writes the whole answer before the request ends
    /// lends pooled arrays (see <see cref="ValueArrayPool"/>); null allocates.
    /// </summary>
    public ValueArrayLease? ValueArrays { get; init; }

    /// <summary>
    /// An array of <paramref name="length"/> values with arbitrary contents (the caller writes every slot), from
    /// the request's pooled arrays when it lends them, reserved against the request's limits first.
    /// </summary>
    internal double[] NewUninitializedValues(long length, string function)
    {
        ReserveValues(length, function);
        return ValueArrays?.Rent((int)length) ?? GC.AllocateUninitializedArray<double>((int)length);
    }

    /// <summary>A zeroed array of <paramref name="length"/> values, reserved against the request's limits first.</summary>
    internal double[] NewValues(long length, string function)
    {
        ReserveValues(length, function);
        return new double[length];
    }

    /// <summary>
    /// Claims <paramref name="count"/> values for <paramref name="function"/> before they are allocated: one
    /// function's array may not pass MaxPointsPerRequest, and the request's allocations together may not pass its
    /// memory budget. Also the place where long loops over series notice the time limit.
    /// </summary>
    /// <exception cref="QueryArgumentException">A limit would be passed; the message names it.</exception>
    public void ReserveValues(long count, string function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckBudget();
        if (count > Limits.MaxPoints || count > Array.MaxLength)
        {
            throw Limits.FunctionPointsExceeded(function);
        }

        ChargeMemory(count, () => $"{function}()");
    }

    /// <summary>Adds values to the request's memory budget, refusing (and taking them back) when it would overflow.</summary>
    private void ChargeMemory(long count, Func<string> what)
    {
        var total = Budget.AddValues(count);
        if (total > Limits.MaxMemoryBytes / sizeof(double))
        {
            Budget.AddValues(-count);
            throw Limits.MemoryLimitExceeded(what());
        }
    }

    /// <summary>
    /// The limits of one read of <paramref name="expression"/> over this context's range. The first read of an
    /// expression and range (graphite-web fetches each once) counts its series against MaxSeriesPerRequest and its
    /// points against MaxPointsPerRequest; a read again of one already admitted is refused only if it grew past the
    /// whole series limit. Every read counts against the memory budget (each allocates its own arrays).
    /// </summary>
    internal SeriesReadLimits ReadLimits(string expression)
    {
        var firstRead = Budget.FirstRead(expression, StartSeconds, EndSeconds, NowSeconds);
        return new SeriesReadLimits(
            firstRead ? Math.Max(0, Limits.MaxSeries - Budget.SeriesFetched) : Limits.MaxSeries,
            series =>
            {
                if (firstRead ? Budget.AddSeries(series) > Limits.MaxSeries : series > Limits.MaxSeries)
                {
                    throw Limits.SeriesLimitExceeded();
                }
            },
            points =>
            {
                CheckBudget();
                if (firstRead && Budget.AddFetchedPoints(points) > Limits.MaxPoints)
                {
                    throw new QueryArgumentException($"The request would read more than {Limits.MaxPoints} points (MaxPointsPerRequest); shorten the time range or narrow the targets.");
                }

                ChargeMemory(points, () => $"Reading {expression}");
            },
            points => (!firstRead || Budget.PointsFetched + points <= Limits.MaxPoints) && Budget.ValuesAllocated + points <= Limits.MaxMemoryBytes / sizeof(double),
            ReadConsolidationPoints,
            XFilesFactor ?? 0,
            CancellationToken);
    }

    /// <summary>The same request over another range (both ends in Unix seconds).</summary>
    /// <remarks>Like graphite-web's <c>requestContext.copy()</c>, what the copy's functions write into it stays in the copy.</remarks>
    public EvaluationContext WithTimeRange(long startSeconds, long endSeconds) => this with { StartSeconds = startSeconds, EndSeconds = endSeconds, XFilesFactor = XFilesFactor };

    /// <summary>The request start as a date in the request's time zone (graphite-web's requestContext['startTime']).</summary>
    public DateTimeOffset StartTime => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(StartSeconds), TimeZone);

    /// <summary>The request end as a date in the request's time zone.</summary>
    public DateTimeOffset EndTime => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(EndSeconds), TimeZone);

    /// <summary>Fails the request when it ran longer than allowed or the client went away (cheap: call it in loops).</summary>
    public void CheckBudget()
    {
        if (Budget.Elapsed > Limits.MaxDuration)
        {
            throw TimeLimitExceeded();
        }

        CancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc/>
    public Exception TimeLimitExceeded() => new QueryArgumentException(Limits.TimeLimitMessage);

    /// <summary>Time left before <see cref="QueryLimits.MaxDuration"/>, never negative.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var left = Limits.MaxDuration - Budget.Elapsed;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Fails the request when a function's result would hold more points than allowed.</summary>
    public void CheckResultSize(List<TimeSeries> result, string function)
    {
        long points = 0;
        foreach (var series in result)
        {
            points += series.Values.Length;
        }

        if (points > Limits.MaxPoints)
        {
            throw Limits.FunctionPointsExceeded(function);
        }
    }
}

/// <summary>The parts of graphite-web's requestContext dict that render functions change.</summary>
internal sealed class RequestState
{
    public double? XFilesFactor { get; set; }

    public Dictionary<string, List<double>>? TotalStack { get; set; }

    /// <summary>A shallow copy (the totals dict is shared, as in a Python dict copy) with another xFilesFactor.</summary>
    public RequestState CopyWith(double? xFilesFactor) => new() { XFilesFactor = xFilesFactor, TotalStack = TotalStack };
}
