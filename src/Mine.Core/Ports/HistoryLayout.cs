namespace Mine.Core.Ports;

/// <summary>One archive of a series' layout: a slot every <paramref name="StepSeconds"/> seconds, <paramref name="Points"/> slots.</summary>
public readonly record struct HistoryArchive(int StepSeconds, int Points)
{
    public long RetentionSeconds => (long)StepSeconds * Points;
}

/// <summary>
/// A series' layout as whisper fixes it in a file's header: archives finest first, the aggregation method (whisper's
/// numbers: 1 average, 2 sum, 3 last, 4 max, 5 min, 6 avg_zero, 7 absmax, 8 absmin) and the xFilesFactor.
/// </summary>
public sealed record HistoryLayout(IReadOnlyList<HistoryArchive> Archives, int AggregationMethod, double XFilesFactor)
{
    /// <summary>The most archives a store must take (whisper files in practice have 1 to 5).</summary>
    public const int MaxArchives = 8;

    /// <summary>
    /// Why a store cannot hold this layout, or null when it can: 1 to <see cref="MaxArchives"/> archives, positive
    /// steps and point counts, each step dividing the next and each archive reaching further back, a known method and
    /// an xFilesFactor in [0, 1] (what whisper's own validateArchiveList and header checks demand).
    /// </summary>
    public string? Problem()
    {
        if (Archives.Count is 0 or > MaxArchives)
        {
            return $"{Archives.Count} archives; a series has 1 to {MaxArchives}";
        }

        for (var i = 0; i < Archives.Count; i++)
        {
            var archive = Archives[i];
            if (archive.StepSeconds <= 0 || archive.Points <= 0)
            {
                return $"archive {i} has step {archive.StepSeconds} s and {archive.Points} points; both must be positive";
            }

            if (i > 0 && (archive.StepSeconds <= Archives[i - 1].StepSeconds || archive.StepSeconds % Archives[i - 1].StepSeconds != 0
                || archive.RetentionSeconds <= Archives[i - 1].RetentionSeconds))
            {
                return $"archive {i} ({archive.StepSeconds}:{archive.Points}) is not a coarser multiple of archive {i - 1} reaching further back";
            }
        }

        if (AggregationMethod is < 1 or > 8)
        {
            return $"aggregation method {AggregationMethod} is not one of whisper's 1 to 8";
        }

        return XFilesFactor is >= 0 and <= 1 ? null : $"xFilesFactor {XFilesFactor} is outside [0, 1]";
    }
}

/// <summary>The points of one archive: slot times (seconds, multiples of the archive's step) and their values.</summary>
public readonly record struct HistoryPoints(ReadOnlyMemory<long> Times, ReadOnlyMemory<double> Values);
