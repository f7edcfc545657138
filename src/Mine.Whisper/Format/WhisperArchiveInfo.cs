namespace Mine.Whisper.Format;

/// <summary>One archive of a whisper file, as its header describes it: a ring of <see cref="Points"/> slots of
/// 12 bytes (big-endian uint32 timestamp, big-endian double) starting at <see cref="Offset"/>.</summary>
public readonly record struct WhisperArchiveInfo(long Offset, int SecondsPerPoint, int Points)
{
    /// <summary>Seconds of history the archive covers.</summary>
    public long Retention => (long)SecondsPerPoint * Points;

    /// <summary>Bytes the archive's ring takes in the file.</summary>
    public long Size => (long)Points * WhisperHeader.PointSize;
}
