using System.Collections.Concurrent;
using Mine.ClickHouse.Reading;

namespace Mine.ClickHouse.Writing;

/// <summary>
/// Points this node accepted that ClickHouse may not show yet: those still in the backlog, and for a grace period
/// those just inserted (a Distributed table forwards inserts to the shards in the background). Reads on this node
/// merge them over ClickHouse's rows, so a read sees every point whose write returned before it started, as on the
/// embedded engine. Bounded: beyond <see cref="Capacity"/> points (a long outage) new points are not held here, only
/// on disk, and reads on this node show them once ClickHouse has them.
/// </summary>
/// <remarks>
/// Each stored path has one <see cref="Series"/> for the store's life; the writer keeps it beside its own entry for
/// the series, so that holding a point costs no lookup by name (at ingest rates, hashing the path twice per point was
/// most of the writer's time). Pruning visits only the series that hold points.
/// </remarks>
public sealed class RecentPoints(int capacity = 4_000_000)
{
    private readonly ConcurrentDictionary<string, Series> _bySeries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Series> _becameActive = new();
    private readonly List<Series> _active = []; // the pruner's own: series that held points at the last prune
    private readonly Lock _pruning = new();
    private readonly ConcurrentQueue<(long Segment, long SentAt)> _sent = new();
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>Points held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The holder of a stored path's points (made on first call; the same one for the store's life).</summary>
    public Series For(string path) => _bySeries.GetOrAdd(path, static _ => new Series());

    /// <summary>Holds a point of the stored path, logged in backlog segment <paramref name="segment"/>.</summary>
    public void Add(string path, long segment, PointRow row) => Add(For(path), segment, row);

    /// <summary>Holds a point of the series <paramref name="series"/> (from <see cref="For"/>). Points of one series
    /// are added in the order of their segments.</summary>
    public void Add(Series series, long segment, PointRow row)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (Volatile.Read(ref _count) >= Capacity)
        {
            return;
        }

        lock (series)
        {
            series.Rows.Add((segment, row));
            series.Latest = Math.Max(series.Latest, row.Timestamp);
            if (!series.Active)
            {
                series.Active = true;
                _becameActive.Enqueue(series);
            }
        }

        Interlocked.Increment(ref _count);
    }

    /// <summary>The held points of <paramref name="path"/> in [from, until).</summary>
    public void CopyTo(string path, long from, long until, List<PointRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!_bySeries.TryGetValue(path, out var points))
        {
            return;
        }

        lock (points)
        {
            foreach (var (_, row) in points.Rows)
            {
                if (row.Time >= from && row.Time < until)
                {
                    rows.Add(row);
                }
            }
        }
    }

    /// <summary>The largest version held for <paramref name="path"/>, or 0.</summary>
    public uint LatestVersion(string path) => _bySeries.TryGetValue(path, out var points) ? LatestVersion(points) : 0;

    /// <summary>The largest version held for <paramref name="series"/>, or 0. Read without the series' lock: the
    /// writer asks once per point, and a prune running beside it only lowers the value by forgetting points sent
    /// more than the grace period ago, whose versions the writer's current one is above anyway.</summary>
    public static uint LatestVersion(Series series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Latest;
    }

    /// <summary>Segments below <paramref name="segment"/> were inserted at <paramref name="now"/> (Unix seconds).</summary>
    public void Sent(long segment, long now) => _sent.Enqueue((segment, now));

    /// <summary>Forgets points of segments inserted more than <paramref name="graceSeconds"/> before <paramref name="now"/>.</summary>
    public void Prune(long now, long graceSeconds)
    {
        long below = -1;
        while (_sent.TryPeek(out var sent) && sent.SentAt <= now - graceSeconds)
        {
            below = sent.Segment;
            _sent.TryDequeue(out _);
        }

        if (below < 0)
        {
            return;
        }

        lock (_pruning)
        {
            while (_becameActive.TryDequeue(out var series))
            {
                _active.Add(series);
            }

            // Compacted in place by index: a foreach would fail at the first series kept, as setting an item
            // counts as a change of the list to its enumerator.
            var kept = 0;
            for (var i = 0; i < _active.Count; i++)
            {
                var series = _active[i];
                int removed;
                bool stillActive;
                lock (series)
                {
                    // Rows are in segment order: the pruned ones are a prefix.
                    removed = 0;
                    while (removed < series.Rows.Count && series.Rows[removed].Segment < below)
                    {
                        removed++;
                    }

                    series.Rows.RemoveRange(0, removed);
                    var latest = 0u;
                    foreach (var (_, row) in series.Rows)
                    {
                        latest = Math.Max(latest, row.Timestamp);
                    }

                    series.Latest = latest;
                    stillActive = series.Rows.Count > 0;
                    if (!stillActive)
                    {
                        series.Active = false; // the next point queues it again
                        if (series.Rows.Capacity > 64)
                        {
                            series.Rows.Capacity = 0; // an outage's points: give the memory back
                        }
                    }
                }

                if (stillActive)
                {
                    _active[kept++] = series;
                }

                Interlocked.Add(ref _count, -removed);
            }

            _active.RemoveRange(kept, _active.Count - kept);
        }
    }

    /// <summary>One stored path's held points.</summary>
    public sealed class Series
    {
        internal List<(long Segment, PointRow Row)> Rows { get; } = [];

        private uint _latest;

        /// <summary>The largest version among <see cref="Rows"/> (written under the series' lock, read without it).</summary>
        internal uint Latest
        {
            get => Volatile.Read(ref _latest);
            set => Volatile.Write(ref _latest, value);
        }

        /// <summary>Queued for or in the pruner's list.</summary>
        internal bool Active { get; set; }
    }
}
