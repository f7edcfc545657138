using System.Diagnostics;
using Mine.Core.Buffers;
using Mine.Core.Series;
using Mine.Events;
using Mine.Query.Evaluation;
using Mine.Storage.Engine;

namespace Mine.Api;

/// <summary>
/// The render evaluator's view of the storage engine: glob and tag lookups, then whisper-style reads, into the
/// request's pooled value arrays when it has a lease (see <see cref="ValueArrayPool"/>).
/// </summary>
internal sealed class StorageSeriesSource(StorageEngine storage, ValueArrayLease? values = null) : ISeriesSource
{
    private long _readTicks;

    /// <summary>Time spent looking up and reading series so far (for the Server-Timing header).</summary>
    public TimeSpan ReadTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _readTicks));

    public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        var matches = storage.FindSeries(pathExpression, (int)Math.Min((long)limits.MaxSeries + 1, int.MaxValue));
        return Read(matches, limits, start, end, now, started);
    }

    /// <summary>seriesByTag with graphite-web's full expression language (see <see cref="StorageEngine.FindTaggedSeries"/>).</summary>
    public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<(string Name, int Id)> matches;
        try
        {
            matches = storage.FindTaggedSeries(tagExpressions, (int)Math.Min((long)limits.MaxSeries + 1, int.MaxValue), limits.CancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new Query.QueryArgumentException($"seriesByTag(): {ex.Message}", ex);
        }

        return Read(matches, limits, start, end, now, started);
    }

    private List<FetchedSeries> Read(IReadOnlyList<(string Name, int Id)> matches, SeriesReadLimits limits, long start, long end, long now, long started)
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

    private List<FetchedSeries> Read(IReadOnlyList<(string Name, int Id)> matches, SeriesReadLimits limits, long start, long end, long now)
    {
        if (matches.Count > limits.MaxSeries)
        {
            throw new Query.QueryArgumentException($"The request matches more than its limit of series (MaxSeriesPerRequest); narrow the targets.");
        }

        // The points these reads will return, claimed before any array is allocated: a read the request cannot
        // afford is refused here, having cost only the name lookup.
        long points = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            points += storage.PointsToRead(matches[i].Id, start, end, now);
        }

        limits.ReservePoints(points);
        var cancellation = limits.CancellationToken;

        // Decoding dominates wide reads; readers are lock-free, so large reads use every core the render may use
        // (the render threads: see RenderScheduler). They go in series id order, the order of the parts' index and
        // blocks, so neighbouring reads touch neighbouring pages (~10 % faster than name order on the fleet day);
        // the answer keeps the names' order.
        var reads = new FetchedSeries?[matches.Count];
        if (matches.Count >= 256 && Environment.ProcessorCount > 1)
        {
            var order = new int[matches.Count];
            var ids = new int[matches.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
                ids[i] = matches[i].Id;
            }

            Array.Sort(ids, order);
            using var session = storage.BeginReads(); // one hold on the parts for all reads, not one per read
            // On the caller's scheduler (the render threads, see RenderScheduler); ParallelOptions defaults to the thread pool.
            Parallel.For(0, order.Length, new ParallelOptions { CancellationToken = cancellation, TaskScheduler = TaskScheduler.Current }, k => reads[order[k]] = session.Fetch(ids[k], start, end, now, values, matches[order[k]].Name));
        }
        else
        {
            for (var i = 0; i < matches.Count; i++)
            {
                if ((i & 63) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                reads[i] = storage.Fetch(matches[i].Id, start, end, now, values, matches[i].Name);
            }
        }

        var result = new List<FetchedSeries>(matches.Count);
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
