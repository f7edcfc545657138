namespace Mine.Storage.Wal;

/// <summary>When the write-ahead log forces appended bytes from the OS page cache to the disk.</summary>
public enum WalSyncMode
{
    /// <summary>
    /// No fsync except on Dispose (and an explicit Sync), which cover the current segment; the OS writes back when it
    /// likes (Linux: within ~30 s). Survives a process kill, can lose recent records on power loss or OS crash.
    /// </summary>
    None,

    /// <summary>A background fsync every <see cref="WalOptions.SyncInterval"/>: power loss loses at most about one interval.</summary>
    Interval,

    /// <summary>Append returns only after an fsync that covers it; concurrent appenders share one fsync (group commit).</summary>
    Always,
}

public sealed record WalOptions
{
    public const long DefaultMaxSegmentSize = 64L * 1024 * 1024;

    /// <summary>
    /// A new segment is started before an append that would cross this size. A soft limit: a single append larger than
    /// it still goes whole into a segment of its own.
    /// </summary>
    public long MaxSegmentSize { get; init; } = DefaultMaxSegmentSize;

    public WalSyncMode SyncMode { get; init; } = WalSyncMode.Interval;

    /// <summary>Period of the background fsync in <see cref="WalSyncMode.Interval"/> mode.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Test hook called with <see cref="FsyncPoint"/> before every fsync of a segment; a test throws an
    /// <see cref="IOException"/> from it to play a failing disk. Null in production.
    /// </summary>
    public Action<string>? FaultInjection { get; init; }

    /// <summary>The step name passed to <see cref="FaultInjection"/> before an fsync.</summary>
    public const string FsyncPoint = "wal.fsync";

    internal void Validate()
    {
        if (MaxSegmentSize < WalFormat.SegmentHeaderSize + WalFormat.RecordHeaderSize + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSegmentSize), MaxSegmentSize, "A WAL segment must hold at least one record.");
        }

        if (SyncMode == WalSyncMode.Interval && SyncInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SyncInterval), SyncInterval, "The WAL sync interval must be positive.");
        }
    }
}
