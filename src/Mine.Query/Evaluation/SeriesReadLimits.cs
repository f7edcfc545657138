namespace Mine.Query.Evaluation;

/// <summary>
/// What one read of an <see cref="ISeriesSource"/> may take. A source finds the matching series (at most
/// <see cref="MaxSeries"/> + 1), calls <see cref="ReserveSeries"/> with how many it found and
/// <see cref="ReservePoints"/> with the number of values it is about to return, both <em>before</em> reading them,
/// so a read the request cannot afford is refused without touching memory; the evaluator checks afterwards that
/// every returned series and value was reserved. Long reads watch <see cref="CancellationToken"/> (the request's
/// deadline or the client going away).
/// </summary>
public sealed class SeriesReadLimits
{
    private readonly Action<int> _reserveSeries;
    private readonly Action<long> _reserve;
    private readonly Func<long, bool> _affordable;
    private int _reservedSeries;
    private long _reserved;

    internal SeriesReadLimits(int maxSeries, Action<int> reserveSeries, Action<long> reserve, Func<long, bool> affordable, int? consolidateTo, double consolidationXFilesFactor, CancellationToken cancellationToken)
    {
        MaxSeries = maxSeries;
        _reserveSeries = reserveSeries;
        _reserve = reserve;
        _affordable = affordable;
        ConsolidateTo = consolidateTo;
        ConsolidationXFilesFactor = consolidationXFilesFactor;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// The points per series a read may consolidate to when reading every point would pass the request's limits
    /// (the request's maxDataPoints, or an image's width), as <c>MaxDataPointsConsolidation.WhileReading</c> does;
    /// null when the request gave none, and such a read is refused. A read that fits is never consolidated, so
    /// answers stay graphite-web's (docs/compatibility.md, "Long ranges").
    /// </summary>
    public int? ConsolidateTo { get; }

    /// <summary>The xFilesFactor of that consolidation: the request's (graphite-web's render consolidation uses it).</summary>
    public double ConsolidationXFilesFactor { get; }

    /// <summary>Series the read may return; a source looks up at most one more, so that <see cref="ReserveSeries"/>
    /// can tell the limit was passed without the source reading every match.</summary>
    public int MaxSeries { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Series reserved so far.</summary>
    public int ReservedSeries => Volatile.Read(ref _reservedSeries);

    /// <summary>Values reserved so far.</summary>
    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>Unlimited reads, for callers outside a render request (tests, tools).</summary>
    public static SeriesReadLimits Unlimited(CancellationToken cancellationToken = default) => new(int.MaxValue, static _ => { }, static _ => { }, static _ => true, null, 0, cancellationToken);

    /// <summary>Whether <see cref="ReservePoints"/> would accept <paramref name="points"/> now (claims nothing).</summary>
    public bool CanAfford(long points) => _affordable(points);

    /// <summary>Claims <paramref name="count"/> series of the request's budget before their values are read. This
    /// is where MaxSeriesPerRequest is checked, for every source.</summary>
    /// <exception cref="QueryArgumentException">The request would read more series than MaxSeriesPerRequest.</exception>
    public void ReserveSeries(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CancellationToken.ThrowIfCancellationRequested();
        _reserveSeries(count);
        Interlocked.Add(ref _reservedSeries, count);
    }

    /// <summary>Claims <paramref name="points"/> values of the request's budget before they are allocated.</summary>
    /// <exception cref="QueryArgumentException">The read would pass MaxPointsPerRequest or the request's memory budget.</exception>
    public void ReservePoints(long points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        CancellationToken.ThrowIfCancellationRequested();
        _reserve(points);
        Interlocked.Add(ref _reserved, points);
    }
}
