namespace Mine.Storage.Engine;

/// <summary>Engine counters, read by the host's metrics endpoint.</summary>
public sealed class StorageCounters
{
    public long PointsAccepted;
    public long PointsReplayed;
    public long PointsTooOld;
    public long PointsInFuture;
    public long PointsBadName;
    public long PointsOverSeriesLimit;
    public long WriteFailures;
    public long SeriesSkippedAtStart;
    public long SeriesCreated;
    public long Flushes;
    public long Merges;
    public long PartsWritten;
    public long BlocksDropped;
    public long RollupSlotsKept;
    public long BlocksLostToDamage;
}
