using Mine.Core.Health;
using Mine.Core.Ports;

namespace Mine.Storage.Engine;

/// <summary>
/// What the host's /health and metrics need to know about storage: whether writes are being refused (a full
/// disk), whether flushes keep failing, and whether the engine's own threads are alive.
/// </summary>
public sealed partial class StorageEngine
{
    /// <summary>The flush thread (frozen head → parts) and the maintenance thread (merges, retention, timed flushes).</summary>
    public IReadOnlyList<LoopHealth> Loops => [_flusher.Health, _maintenance.Health];

    /// <summary>Null when storage accepts writes and flushes; otherwise what is wrong, in words an operator can act on.</summary>
    public string? Problem => _writeHealth.Problem ?? _flusher.Problem;

    /// <summary>True while writes fail (the disk refuses them); ingest holds its input until this clears.</summary>
    public bool WritesFailing => _writeHealth.Problem is not null;

    /// <summary><see cref="Counters"/> as the host publishes them (mine_storage_&lt;name&gt;).</summary>
    public IReadOnlyList<StorageMetric> Metrics()
    {
        var c = Counters;
        return
        [
            new("points_too_old_total", "Points older than every archive of their series.", StorageMetricKind.Counter, Interlocked.Read(ref c.PointsTooOld)),
            new("points_in_future_total", "Points stamped too far in the future.", StorageMetricKind.Counter, Interlocked.Read(ref c.PointsInFuture)),
            new("points_replayed_total", "Points replayed from the WAL at start.", StorageMetricKind.Counter, Interlocked.Read(ref c.PointsReplayed)),
            new("flushes_total", "Heads flushed to part files.", StorageMetricKind.Counter, Interlocked.Read(ref c.Flushes)),
            new("merges_total", "Bucket merges (compactions).", StorageMetricKind.Counter, Interlocked.Read(ref c.Merges)),
            new("blocks_expired_total", "Blocks dropped past retention.", StorageMetricKind.Counter, Interlocked.Read(ref c.BlocksDropped)),
            new("rollup_slots_kept_total", "Rolled-up coarse slots not written because the slot already held a stored value (an imported whisper value, a merge redone).", StorageMetricKind.Counter, Interlocked.Read(ref c.RollupSlotsKept)),
            new("blocks_damaged_total", "Blocks that failed their checksum or did not decode, left out by a merge (their part moved to corrupt/).", StorageMetricKind.Counter, Interlocked.Read(ref c.BlocksLostToDamage)),
        ];
    }
}
