namespace Mine.Whisper.Format;

/// <summary>
/// A whisper file's header (docs/whisper-import.md, "The whisper format"): the metadata block (aggregation type,
/// maximum retention, xFilesFactor, archive count) and one info block per archive, finest first.
/// </summary>
/// <param name="AggregationType">whisper's code: 1 average, 2 sum, 3 last, 4 max, 5 min, 6 avg_zero, 7 absmax, 8 absmin.</param>
public sealed record WhisperHeader(int AggregationType, long MaxRetention, float XFilesFactor, IReadOnlyList<WhisperArchiveInfo> Archives)
{
    /// <summary>Bytes of the metadata block: <c>!2LfL</c>.</summary>
    public const int MetadataSize = 16;

    /// <summary>Bytes of one archive info block: <c>!3L</c>.</summary>
    public const int ArchiveInfoSize = 12;

    /// <summary>Bytes of one point: <c>!Ld</c>.</summary>
    public const int PointSize = 12;

    /// <summary>More archives than any real file has; a count beyond it is a corrupt header, not a reason to allocate.</summary>
    public const int MaxArchives = 64;

    /// <summary>Bytes of the header: metadata and archive infos.</summary>
    public int Size => MetadataSize + (ArchiveInfoSize * Archives.Count);

    /// <summary>The aggregation's carbon name (<c>average</c>, <c>avg_zero</c>, …).</summary>
    public string AggregationName => WhisperAggregation.Name(AggregationType);

    /// <summary>The archive a whisper fetch of <paramref name="from"/> reads: the finest whose retention covers
    /// <c>now - from</c>, else the coarsest.</summary>
    public WhisperArchiveInfo ArchiveFor(long from, long now)
    {
        foreach (var archive in Archives)
        {
            if (archive.Retention >= now - from)
            {
                return archive;
            }
        }

        return Archives[^1];
    }
}
