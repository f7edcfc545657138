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
public sealed class RecentPoints(int capacity = 4_000_000)
{
    private readonly ConcurrentDictionary<string, SeriesPoints> _bySeries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(long Segment, long SentAt)> _sent = new();
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>Points held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Holds a point of the stored path, logged in backlog segment <paramref name="segment"/>.</summary>
    public void Add(string path, long segment, PointRow row)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            return;
        }

        while (true)
        {
            var points = _bySeries.GetOrAdd(path, static _ => new SeriesPoints());
            lock (points)
            {
                if (points.Removed)
                {
                    continue; // pruned empty meanwhile: add to its successor
                }

                points.Rows.Add((segment, row));
                break;
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
    public uint LatestVersion(string path)
    {
        if (!_bySeries.TryGetValue(path, out var points))
        {
            return 0;
        }

        lock (points)
        {
            var latest = 0u;
            foreach (var (_, row) in points.Rows)
            {
                latest = Math.Max(latest, row.Timestamp);
            }

            return latest;
        }
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

        foreach (var (path, points) in _bySeries)
        {
            int removed;
            lock (points)
            {
                removed = points.Rows.RemoveAll(r => r.Segment < below);
                if (points.Rows.Count == 0)
                {
                    points.Removed = true;
                    _bySeries.TryRemove(new KeyValuePair<string, SeriesPoints>(path, points));
                }
            }

            Interlocked.Add(ref _count, -removed);
        }
    }

    private sealed class SeriesPoints
    {
        public List<(long Segment, PointRow Row)> Rows { get; } = [];

        public bool Removed { get; set; }
    }
}
