using System.Diagnostics;
using Mine.Core.Buffers;
using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Events;
using Mine.Query.Evaluation;
using Mine.Query.Render;

namespace Mine.Api;

/// <summary>
/// The render evaluator's view of storage: glob and tag lookups, then whisper-style reads, into the request's
/// pooled value arrays when it has a lease (see <see cref="ValueArrayPool"/>).
/// </summary>
internal sealed class StorageSeriesSource(ISeriesIndex index, ITagDatabase tags, ISeriesReader reader, ValueArrayLease? values = null) : ISeriesSource
{
    private long _readTicks;
    private long _seriesRead;
    private long _pointsRead;
    private long _consolidatedReads;

    /// <summary>Series read so far (for the slow-query log).</summary>
    public long SeriesRead => Interlocked.Read(ref _seriesRead);

    /// <summary>Points read so far, as the reads reserved them (for the slow-query log).</summary>
    public long PointsRead => Interlocked.Read(ref _pointsRead);

    /// <summary>Reads consolidated while read because every point would not fit the request (for the slow-query log).</summary>
    public long ConsolidatedReads => Interlocked.Read(ref _consolidatedReads);

    /// <summary>Time spent looking up and reading series so far (for the Server-Timing header).</summary>
    public TimeSpan ReadTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _readTicks));

    public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        var matches = index.FindSeries(pathExpression, (int)Math.Min((long)limits.MaxSeries + 1, int.MaxValue));
        return Read(matches, limits, start, end, now, started);
    }

    /// <summary>seriesByTag with graphite-web's full expression language (see <see cref="ITagDatabase.FindTaggedSeries"/>).</summary>
    public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<SeriesHandle> matches;
        try
        {
            matches = tags.FindTaggedSeries(tagExpressions, (int)Math.Min((long)limits.MaxSeries + 1, int.MaxValue), limits.CancellationToken);
        }
        catch (MineUserException ex)
        {
            throw new Query.QueryArgumentException($"seriesByTag(): {ex.Message}", ex);
        }

        return Read(matches, limits, start, end, now, started);
    }

    private List<FetchedSeries> Read(IReadOnlyList<SeriesHandle> matches, SeriesReadLimits limits, long start, long end, long now, long started)
    {
        try
        {
            return Read(matches, limits, start, end, now);
        }
        finally
        {
            Interlocked.Add(ref _readTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private List<FetchedSeries> Read(IReadOnlyList<SeriesHandle> matches, SeriesReadLimits limits, long start, long end, long now)
    {
        if (matches.Count > 0 && start > end)
        {
            // A function's own range the wrong way round (linearRegression's startSourceAt after endSourceAt):
            // whisper's InvalidTimeInterval, which the request has to fix.
            throw new Query.QueryArgumentException($"Invalid time interval: from time '{start}' is after until time '{end}'.");
        }

        // The series and points these reads will return, claimed before any array is allocated: a read the request
        // cannot afford is refused here, having cost only the name lookup.
        limits.ReserveSeries(matches.Count);
        var lengths = new long[matches.Count];
        long points = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            lengths[i] = reader.PointsToRead(matches[i], start, end, now);
            points += lengths[i];
        }

        // Reading every point would pass the request's limits, but it says how many it draws (maxDataPoints, an
        // image's width): each series is consolidated while it is read, one at a time, so memory follows the series
        // times the points drawn instead of the range (docs/compatibility.md, "Long ranges").
        var consolidateTo = limits.ConsolidateTo is { } drawn && !limits.CanAfford(points) ? drawn : (int?)null;
        limits.ReservePoints(consolidateTo is { } target ? lengths.Sum(length => MaxDataPointsConsolidation.MaxLengthWhileReading(length, target)) : points);
        Interlocked.Add(ref _seriesRead, matches.Count);
        Interlocked.Add(ref _pointsRead, points);
        var cancellation = limits.CancellationToken;
        if (consolidateTo is { } pointsDrawn)
        {
            Interlocked.Increment(ref _consolidatedReads);
            return ReadConsolidated(matches, pointsDrawn, limits.ConsolidationXFilesFactor, start, end, now, cancellation);
        }


        // Decoding dominates wide reads; readers are lock-free, so large reads use every core the render may use
        // (the render threads: see RenderScheduler). They go in key order, the store's preferred order (the embedded
        // engine's series ids: the order of its parts' index and blocks, so neighbouring reads touch neighbouring
        // pages, ~10 % faster than name order on the fleet day); the answer keeps the names' order.
        IReadOnlyList<FetchedSeries?> reads;
        if (reader is IBatchSeriesReader batch)
        {
            // A store across the network (ClickHouse) reads many series per query, not one per round trip.
            reads = batch.FetchMany(matches, start, end, now, values, cancellation);
        }
        else if (matches.Count >= 256 && Environment.ProcessorCount > 1)
        {
            var order = new int[matches.Count];
            var keys = new long[matches.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
                keys[i] = matches[i].Key;
            }

            Array.Sort(keys, order);
            var parallel = new FetchedSeries?[matches.Count];
            using var session = reader.BeginReads(); // one hold on the store's data for all reads, not one per read
            // On the caller's scheduler (the render threads, see RenderScheduler); ParallelOptions defaults to the thread pool.
            Parallel.For(0, order.Length, new ParallelOptions { CancellationToken = cancellation, TaskScheduler = TaskScheduler.Current }, k => parallel[order[k]] = session.Fetch(matches[order[k]], start, end, now, values));
            reads = parallel;
        }
        else
        {
            var sequential = new FetchedSeries?[matches.Count];
            reads = sequential;
            for (var i = 0; i < matches.Count; i++)
            {
                if ((i & 63) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                sequential[i] = reader.Fetch(matches[i], start, end, now, values);
            }
        }

        return WithoutMissing(reads);
    }

    /// <summary>
    /// Reads each series at its archive's resolution into one scratch array per thread and consolidates it to at most
    /// <paramref name="drawn"/> points (<see cref="MaxDataPointsConsolidation.WhileReading"/>) into the request's arrays.
    /// </summary>
    private List<FetchedSeries> ReadConsolidated(IReadOnlyList<SeriesHandle> matches, int drawn, double xFilesFactor, long start, long end, long now, CancellationToken cancellation)
    {
        var reads = new FetchedSeries?[matches.Count];
        using var scratch = new ValueArrayLease(ValueArrayPool.Shared);
        FetchedSeries? RollUp(FetchedSeries? fine, bool recycle)
        {
            if (fine is null)
            {
                return null;
            }

            var rolled = MaxDataPointsConsolidation.WhileReading(fine, drawn, xFilesFactor, length => values?.Rent(length) ?? new double[length]);
            if (recycle && !ReferenceEquals(rolled, fine))
            {
                scratch.Recycle(fine.Values);
            }

            return rolled;
        }

        if (reader is IBatchSeriesReader batch)
        {
            // A store across the network reads many series per query: a few hundred at a time, into arrays the
            // collector takes back once they are rolled up.
            const int chunk = 256;
            for (var first = 0; first < matches.Count; first += chunk)
            {
                var count = Math.Min(chunk, matches.Count - first);
                var fine = batch.FetchMany([.. matches.Skip(first).Take(count)], start, end, now, null, cancellation);
                for (var i = 0; i < count; i++)
                {
                    reads[first + i] = RollUp(fine[i], recycle: false);
                }
            }

            return WithoutMissing(reads);
        }

        using var session = reader.BeginReads();
        // On the caller's scheduler (the render threads, see RenderScheduler), as the full-resolution reads.
        Parallel.For(0, matches.Count, new ParallelOptions { CancellationToken = cancellation, TaskScheduler = TaskScheduler.Current }, i => reads[i] = RollUp(session.Fetch(matches[i], start, end, now, scratch), recycle: true));
        return WithoutMissing(reads);
    }

    private static List<FetchedSeries> WithoutMissing(IReadOnlyList<FetchedSeries?> reads)
    {
        var result = new List<FetchedSeries>(reads.Count);
        foreach (var read in reads)
        {
            if (read is not null)
            {
                result.Add(read);
            }
        }

        return result;
    }
}

/// <summary>The events() render function reads the event store.</summary>
internal sealed class EventStoreSource(EventStore events) : IEventSource
{
    public IReadOnlyList<RenderEvent> Find(long start, long end, IReadOnlyList<string> tags)
        => [.. events.Query(start, end, [.. tags]).Select(e => new RenderEvent((long)e.When, e.What, e.Tags, e.Data))];
}
