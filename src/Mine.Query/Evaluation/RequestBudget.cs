using System.Diagnostics;

namespace Mine.Query.Evaluation;

/// <summary>
/// What one request has spent so far, shared by every context derived from it (and by the workers of parallel
/// loops, hence the interlocked counters).
/// </summary>
internal sealed class RequestBudget
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HashSet<(string Expression, long Start, long End, long Now)> _charged = [];
    private long _pointsFetched;
    private long _valuesAllocated;
    private int _seriesFetched;

    public TimeSpan Elapsed => _clock.Elapsed;

    public int SeriesFetched => Volatile.Read(ref _seriesFetched);

    public long PointsFetched => Interlocked.Read(ref _pointsFetched);

    /// <summary>Values read or allocated by functions so far (8 bytes each).</summary>
    public long ValuesAllocated => Interlocked.Read(ref _valuesAllocated);

    /// <summary>
    /// Whether this (path or tag query, range) is read for the first time: graphite-web fetches each once per
    /// request, so the series and point limits count it once, however often the target uses it.
    /// </summary>
    public bool FirstRead(string expression, long start, long end, long now)
    {
        lock (_charged)
        {
            return _charged.Add((expression, start, end, now));
        }
    }

    public int AddSeries(int count) => Interlocked.Add(ref _seriesFetched, count);

    public long AddFetchedPoints(long points) => Interlocked.Add(ref _pointsFetched, points);

    /// <summary>Adds values about to be allocated; returns the new total.</summary>
    public long AddValues(long values) => Interlocked.Add(ref _valuesAllocated, values);
}
