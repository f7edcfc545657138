using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Reading;

/// <summary>
/// A series' archives and aggregation by Mine's rules (the same rules that made ClickHouse's rollup), and whisper's
/// choice of archive and slots for a read, as the embedded engine makes it.
/// </summary>
public sealed record SeriesLayout(IReadOnlyList<ArchiveSpec> Archives, AggregationMethod Method, double XFilesFactor)
{
    public long MaxRetentionSeconds => Archives[^1].RetentionSeconds;

    public static SeriesLayout For(string name, StorageSchemas schemas, StorageAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        ArgumentNullException.ThrowIfNull(aggregation);
        var policy = aggregation.Match(name);
        return new SeriesLayout(schemas.Match(name).Archives, policy.Method, (float)policy.XFilesFactor); // whisper keeps it as a float32
    }

    /// <summary>
    /// The archive a point <paramref name="ageSeconds"/> old when accepted is written to, as the embedded engine
    /// chooses it (whisper's): the finest whose retention is longer than the age; -1 when none is (too old).
    /// </summary>
    public static int ArchiveForAge(IReadOnlyList<ArchiveSpec> archives, long ageSeconds)
    {
        ArgumentNullException.ThrowIfNull(archives);
        for (var i = 0; i < archives.Count; i++)
        {
            if (archives[i].RetentionSeconds > ageSeconds)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The Time a point is stored at: the start of its slot in the archive <see cref="ArchiveForAge"/> chooses (the
    /// finest, unless the point is older than its retention when accepted), where the embedded engine and whisper
    /// write it, a later point for the slot replacing it. Points of one slot then share a Time, and ClickHouse's
    /// rollup keeps the one with the largest version (the later accepted) as the embedded engine does, instead of
    /// aggregating them as points of different times (several points a step, or old points written straight to a
    /// coarse archive).
    /// </summary>
    public static long StoredTime(IReadOnlyList<ArchiveSpec> archives, long time, long now)
    {
        ArgumentNullException.ThrowIfNull(archives);
        var archive = ArchiveForAge(archives, now - time);
        if (archive < 0)
        {
            return time; // too old to be written at all
        }

        long step = archives[archive].StepSeconds;
        return time - (((time % step) + step) % step);
    }

    /// <summary>whisper.file_fetch's plan: null when the range holds nothing.</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="until"/>.</exception>
    public ReadPlan? Plan(long from, long until, long now)
    {
        if (from > until)
        {
            throw new ArgumentException($"Invalid time interval: from time '{from}' is after until time '{until}'.");
        }

        var oldest = now - MaxRetentionSeconds;
        if (from > now || until < oldest)
        {
            return null;
        }

        from = Math.Max(from, oldest);
        until = Math.Min(until, now);
        var archive = Archives.Count - 1;
        for (var i = 0; i < Archives.Count; i++)
        {
            if (Archives[i].RetentionSeconds >= now - from)
            {
                archive = i;
                break;
            }
        }

        long step = Archives[archive].StepSeconds;
        var start = from - from % step + step;
        var end = until - until % step + step;
        if (start == end)
        {
            end += step; // whisper: a zero-length range still returns the next point
        }

        return new ReadPlan(archive, start, step, (int)((end - start) / step));
    }
}

/// <summary>Slots <see cref="Start"/> + i × <see cref="Step"/> of one archive, <see cref="Length"/> of them.</summary>
public readonly record struct ReadPlan(int Archive, long Start, long Step, int Length)
{
    public long End => Start + (Length * Step);
}
