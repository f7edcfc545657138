namespace Mine.Query.Evaluation;

/// <summary>
/// What one read of an <see cref="ISeriesSource"/> may take. A source finds the matching series, then calls
/// <see cref="ReservePoints"/> with the number of values it is about to return <em>before</em> allocating them,
/// so a read the request cannot afford is refused without touching memory; the evaluator checks afterwards that
/// every returned value was reserved. Long reads watch <see cref="CancellationToken"/> (the request's deadline
/// or the client going away).
/// </summary>
public sealed class SeriesReadLimits
{
    private readonly Action<long> _reserve;
    private long _reserved;

    internal SeriesReadLimits(int maxSeries, Action<long> reserve, CancellationToken cancellationToken)
    {
        MaxSeries = maxSeries;
        _reserve = reserve;
        CancellationToken = cancellationToken;
    }

    /// <summary>Series the read may return; a source returns at most one more so the caller can tell the limit was passed.</summary>
    public int MaxSeries { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Whether this is the request's first read of its expression and range (counted against the series limit).</summary>
    internal bool FirstRead { get; init; }

    /// <summary>Values reserved so far.</summary>
    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>Unlimited reads, for callers outside a render request (tests, tools).</summary>
    public static SeriesReadLimits Unlimited(CancellationToken cancellationToken = default) => new(int.MaxValue, static _ => { }, cancellationToken);

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
