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

    /// <summary>Series by the name a sender used (a tagged name in any tag order), with what writing a point needs.</summary>
    private readonly Dictionary<string, SeriesEntry> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesEntry>.AlternateLookup<ReadOnlySpan<char>> _seriesByChars;

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
        _seriesByChars = _series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A name found in ClickHouse's index: not new, so it does not count against an allowance.</summary>
    public void Known(string name)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue(name, out var series))
            {
                series = Entry(name);
                _series[name] = series;
            }

            series.Stored = true;
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
        var createdHere = new List<SeriesEntry>();
        var held = new List<(SeriesEntry Series, PointRow Row)>(batch.Count);
        Span<char> chars = stackalloc char[MetricNames.MaxBytes];
        lock (_lock)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var nameBytes = batch.Name(i);
                if (Lookup(nameBytes, chars) is not { } series)
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

                if (SeriesLayout.ArchiveForAge(series.Archives, now - time) < 0 || time < 0 || time > uint.MaxValue)
                {
                    tooOld++;
                    continue;
                }

                time = SeriesLayout.StoredTime(series.Archives, time, now);
                var isNew = !series.Stored;
                if (isNew && created >= newSeriesAllowance)
                {
                    overLimit++;
                    continue;
                }

                var day = RowBinaryWriter.DayOf(time);
                if (isNew || day > series.IndexedDay)
                {
                    if (series.Tags is { } tags)
                    {
                        SeriesRows.WriteTaggedRows(tagged, series.Path, tags, day, (uint)now);
                        taggedRows += tags.Count;
                    }
                    else
                    {
                        SeriesRows.WriteIndexRows(index, series.PathBytes, day, (uint)now);
                        indexRows += 4 + series.PathBytes.AsSpan().Count((byte)'.');
                    }

                    series.IndexedDay = day;
                }

                if (isNew)
                {
                    created++;
                    series.Stored = true;
                    createdHere.Add(series);
                }

                series.Recent ??= Recent.For(series.Path); // kept: no lookup by name for the next points
                rewrites |= RecentPoints.LatestVersion(series.Recent) >= rowVersion;
                held.Add((series, new PointRow((uint)time, batch.Value(i), rowVersion)));
                accepted++;
            }

            if (rewrites)
            {
                rowVersion++; // the batch rewrites this second's points: it must win over them
            }

            _lastVersion = rowVersion;
            for (var k = 0; k < held.Count; k++)
            {
                var (series, row) = held[k];
                held[k] = (series, row with { Timestamp = rowVersion });
                RowBinaryWriter.WritePoint(points, series.PathBytes, row.Value, row.Time, rowVersion);
            }

            try
            {
                _backlog.Append(RowKind.Index, index.WrittenSpan, indexRows);
                _backlog.Append(RowKind.Tagged, tagged.WrittenSpan, taggedRows);
                var segment = _backlog.Append(RowKind.Points, points.WrittenSpan, accepted);
                foreach (var (series, row) in held)
                {
                    Recent.Add(series.Recent!, segment, row);
                }
            }
            catch (IOException)
            {
                foreach (var series in createdHere)
                {
                    series.Stored = false; // not written: new again next time
                    series.IndexedDay = 0;
                }

                throw;
            }
        }

        foreach (var series in createdHere)
        {
            SeriesCreated?.Invoke(series.Name);
        }

        return new PointWriteResult(batch.Count, accepted, tooOld, inFuture, badName, overLimit, created);
    }

    /// <summary>The series a sender's name stands for, made on first sight; null for a name Mine does not store.
    /// A name seen before costs one lookup, without allocating.</summary>
    private SeriesEntry? Lookup(ReadOnlySpan<byte> nameBytes, Span<char> chars)
    {
        if (nameBytes.Length <= chars.Length && Encoding.UTF8.TryGetChars(nameBytes, chars, out var length)
            && _seriesByChars.TryGetValue(chars[..length], out var known))
        {
            return known;
        }

        if (MetricNames.Check(nameBytes) != MetricNameProblem.None)
        {
            return null;
        }

        var received = Encoding.UTF8.GetString(nameBytes);
        var name = received;
        if (received.Contains(';', StringComparison.Ordinal))
        {
            try
            {
                name = TaggedSeriesName.Canonicalize(received);
            }
            catch (MineUserException)
            {
                return null;
            }
        }

        // The same series under another tag order shares its entry.
        if (!_series.TryGetValue(name, out var series))
        {
            series = Entry(name);
            _series[name] = series;
        }

        _series[received] = series;
        return series;
    }

    private SeriesEntry Entry(string name)
    {
        var (path, tags) = name.Contains(';', StringComparison.Ordinal) ? SeriesRows.TaggedPath(name) : (name, null);
        return new SeriesEntry(name, path, Encoding.UTF8.GetBytes(path), tags, _schemas.Match(name).Archives);
    }

    /// <summary>What writing a point of one series needs, kept per series.</summary>
    private sealed class SeriesEntry(string name, string path, byte[] pathBytes, IReadOnlyList<string>? tags, IReadOnlyList<ArchiveSpec> archives)
    {
        public string Name { get; } = name;

        /// <summary>The Path it is stored under (a tagged name as carbon-clickhouse stores it).</summary>
        public string Path { get; } = path;

        public byte[] PathBytes { get; } = pathBytes;

        /// <summary>The tagged rows' tags; null for a plain series.</summary>
        public IReadOnlyList<string>? Tags { get; } = tags;

        /// <summary>Its archives by Mine's rules: which one a point's age picks, and so where the point is stored.</summary>
        public IReadOnlyList<ArchiveSpec> Archives { get; } = archives;

        /// <summary>Its points held until ClickHouse shows them, from its first write on (no lookup by name per point).</summary>
        public RecentPoints.Series? Recent { get; set; }

        /// <summary>Known to be in ClickHouse (written by this node, or found in its index).</summary>
        public bool Stored { get; set; }

        /// <summary>The last day this node wrote the series' index rows for (daily rows are per day).</summary>
        public ushort IndexedDay { get; set; }
    }
}
