using System.Text;
using Mine.ClickHouse.Backlog;
using Mine.ClickHouse.Reading;
using Mine.ClickHouse.Rows;
using Mine.Core.Buffers;
using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Index;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Writing;

/// <summary>
/// Turns accepted points into ClickHouse rows in the backlog (docs/clickhouse.md, "Rows"): a points row each, at the
/// start of the slot the embedded store would write it to (<see cref="SeriesLayout.StoredTime"/>), and for a series
/// new to this node, or first written on a new day, its index rows (or tagged rows). Refuses, each
/// counted once, what the embedded store refuses: a bad name, a point older than its series' longest retention, a
/// point beyond the tolerance for clock skew, and new series beyond the caller's allowance.
/// </summary>
public sealed class ClickHousePointWriter
{
    private readonly ClickHouseBacklog _backlog;
    private readonly StorageSchemas _schemas;
    private readonly TimeProvider _time;
    private readonly long _futureToleranceSeconds;
    private readonly Lock _lock = new();

    /// <summary>Names this node wrote index rows for, with the last day it wrote them (daily rows are per day).</summary>
    private readonly Dictionary<string, ushort> _indexed = new(StringComparer.Ordinal);

    private long _lastVersion;

    /// <summary>The last version given to points (to persist, so a restart within the same second still wins).</summary>
    public long LastVersion
    {
        get
        {
            lock (_lock)
            {
                return _lastVersion;
            }
        }
    }

    /// <summary>Versions given from now on are at least this (a restart: one more than the last run's).</summary>
    public long VersionFloor
    {
        set
        {
            lock (_lock)
            {
                _lastVersion = Math.Max(_lastVersion, value);
            }
        }
    }

    /// <summary>Accepted points waiting to be readable from ClickHouse (reads merge them in).</summary>
    public RecentPoints Recent { get; } = new();

    /// <summary>Called with each series this node created, once its rows are logged.</summary>
    public Action<string>? SeriesCreated { get; set; }

    public ClickHousePointWriter(ClickHouseBacklog backlog, StorageSchemas schemas, TimeProvider? time = null, long futureToleranceSeconds = 600)
    {
        _backlog = backlog ?? throw new ArgumentNullException(nameof(backlog));
        _schemas = schemas ?? throw new ArgumentNullException(nameof(schemas));
        _time = time ?? TimeProvider.System;
        _futureToleranceSeconds = futureToleranceSeconds;
    }

    /// <summary>Series this node has written (or learnt from ClickHouse's index through <see cref="Known"/>).</summary>
    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _indexed.Count;
            }
        }
    }

    /// <summary>A name found in ClickHouse's index: not new, so it does not count against an allowance.</summary>
    public void Known(string name)
    {
        lock (_lock)
        {
            _indexed.TryAdd(name, 0);
        }
    }

    /// <summary>
    /// Logs the accepted points of <paramref name="batch"/>. Their Timestamp (the version: the larger wins a slot) is
    /// the clock's second, but never below the last one this node gave, and one more when a point of the batch meets
    /// a point this node wrote for the same series in the same second: a later write wins even within a second and
    /// across a restart (<see cref="VersionFloor"/>). It runs ahead of the clock only by such rewrites.
    /// </summary>
    /// <exception cref="IOException">The backlog's disk refused the rows: nothing of the batch was acknowledged.</exception>
    public PointWriteResult Write(PointBatch batch, int newSeriesAllowance)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var rowVersion = (uint)Math.Max(now, _lastVersion);
        var rewrites = false;
        int tooOld = 0, inFuture = 0, badName = 0, overLimit = 0, accepted = 0, created = 0;
        using var points = new PooledBufferWriter();
        using var index = new PooledBufferWriter();
        using var tagged = new PooledBufferWriter();
        int indexRows = 0, taggedRows = 0;
        var createdHere = new List<string>();
        var held = new List<(string Path, PointRow Row)>();
        lock (_lock)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var nameBytes = batch.Name(i);
                if (MetricNames.Check(nameBytes) != MetricNameProblem.None || Name(nameBytes) is not { } name)
                {
                    badName++;
                    continue;
                }

                var time = batch.Timestamp(i);
                if (time > now + _futureToleranceSeconds)
                {
                    inFuture++;
                    continue;
                }

                var archives = _schemas.Match(name).Archives;
                if (SeriesLayout.ArchiveForAge(archives, now - time) < 0 || time < 0 || time > uint.MaxValue)
                {
                    tooOld++;
                    continue;
                }

                time = SeriesLayout.StoredTime(archives, time, now);

                var day = RowBinaryWriter.DayOf(time);
                var isNew = !_indexed.TryGetValue(name, out var lastDay);
                if (isNew && created >= newSeriesAllowance)
                {
                    overLimit++;
                    continue;
                }

                var path = name;
                if (name.Contains(';', StringComparison.Ordinal))
                {
                    (path, var tags) = SeriesRows.TaggedPath(name);
                    if (isNew || day > lastDay)
                    {
                        SeriesRows.WriteTaggedRows(tagged, path, tags, day, (uint)now);
                        taggedRows += tags.Count;
                    }
                }
                else if (isNew || day > lastDay)
                {
                    SeriesRows.WriteIndexRows(index, nameBytes, day, (uint)now);
                    indexRows += 4 + nameBytes.Count((byte)'.');
                }

                if (isNew)
                {
                    created++;
                    createdHere.Add(name);
                }

                if (isNew || day > lastDay)
                {
                    _indexed[name] = day;
                }

                rewrites |= Recent.LatestVersion(path) >= rowVersion;
                held.Add((path, new PointRow((uint)time, batch.Value(i), rowVersion)));
                accepted++;
            }

            if (rewrites)
            {
                rowVersion++; // the batch rewrites this second's points: it must win over them
            }

            _lastVersion = rowVersion;
            for (var k = 0; k < held.Count; k++)
            {
                var (path, row) = held[k];
                held[k] = (path, row with { Timestamp = rowVersion });
                RowBinaryWriter.WritePoint(points, Encoding.UTF8.GetBytes(path), row.Value, row.Time, rowVersion);
            }

            try
            {
                _backlog.Append(RowKind.Index, index.WrittenSpan, indexRows);
                _backlog.Append(RowKind.Tagged, tagged.WrittenSpan, taggedRows);
                var segment = _backlog.Append(RowKind.Points, points.WrittenSpan, accepted);
                foreach (var (path, row) in held)
                {
                    Recent.Add(path, segment, row);
                }
            }
            catch (IOException)
            {
                foreach (var name in createdHere)
                {
                    _indexed.Remove(name); // not written: new again next time
                }

                throw;
            }
        }

        foreach (var name in createdHere)
        {
            SeriesCreated?.Invoke(name);
        }

        return new PointWriteResult(batch.Count, accepted, tooOld, inFuture, badName, overLimit, created);
    }

    /// <summary>The stored name: a tagged name canonical as graphite-web makes it, or null when it breaks its rules.</summary>
    private static string? Name(ReadOnlySpan<byte> bytes)
    {
        var name = Encoding.UTF8.GetString(bytes);
        if (!name.Contains(';', StringComparison.Ordinal))
        {
            return name;
        }

        try
        {
            return TaggedSeriesName.Canonicalize(name);
        }
        catch (MineUserException)
        {
            return null;
        }
    }
}
