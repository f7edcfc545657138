using Mine.Storage.Wal;

namespace Mine.ClickHouse.Backlog;

/// <summary>How the backlog logs and sends.</summary>
public sealed record BacklogOptions
{
    /// <summary>How often closed rows are inserted: one insert per table per interval keeps ClickHouse's parts few.</summary>
    public TimeSpan SendInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts while ClickHouse fails.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public WalSyncMode SyncMode { get; init; } = WalSyncMode.Interval;

    /// <summary>Whether inserts are gzip-compressed (over a network they are what keeps inserts small; to a
    /// ClickHouse on the same machine they only cost CPU on both sides).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>A segment is one insert per table: bounded so one insert stays a few seconds' work.</summary>
    public long MaxSegmentBytes { get; init; } = 32L * 1024 * 1024;
}
