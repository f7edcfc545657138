using Mine.Core.Health;
using Mine.Core.Ports;
using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

/// <summary>
/// What the host's /health and metrics need to know about storage: whether writes are being refused (a full
/// disk), whether flushes keep failing, and whether the engine's own threads are alive.
/// </summary>
public sealed partial class StorageEngine
{
    private volatile string? _writeProblem;
    private volatile string? _flushProblem;
    private long _writeProblemSinceTicks;

    /// <summary>The flush thread (frozen head → parts) and the maintenance thread (merges, retention, timed flushes).</summary>
    public IReadOnlyList<LoopHealth> Loops => [_flushHealth, _maintenanceHealth];

    private readonly LoopHealth _flushHealth = new("storage-flush", TimeSpan.FromSeconds(30));
    private readonly LoopHealth _maintenanceHealth = new("storage-maintenance", TimeSpan.FromMinutes(10));

    /// <summary>Null when storage accepts writes and flushes; otherwise what is wrong, in words an operator can act on.</summary>
    public string? Problem => _writeProblem ?? _flushProblem;

    /// <summary>True while writes fail (the disk refuses them); ingest holds its input until this clears.</summary>
    public bool WritesFailing => _writeProblem is not null;

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
            new("blocks_damaged_total", "Blocks that failed their checksum or did not decode, left out by a merge (their part moved to corrupt/).", StorageMetricKind.Counter, Interlocked.Read(ref c.BlocksLostToDamage)),
        ];
    }

    private void SetWriteProblem(Exception ex)
    {
        if (_writeProblem is null)
        {
            _writeProblemSinceTicks = Environment.TickCount64;
            _options.Log($"storage refuses writes, input is held until it recovers: {ex.Message}");
        }

        Interlocked.Increment(ref Counters.WriteFailures);
        _writeProblem = $"writes failing: {ex.Message} (free disk space in {_options.DataDirectory}; ingest resumes by itself)";
    }

    private void ClearWriteProblem()
    {
        if (_writeProblem is null)
        {
            return;
        }

        _options.Log($"storage accepts writes again after {(Environment.TickCount64 - _writeProblemSinceTicks) / 1000.0:F1} s");
        _writeProblem = null;
    }

    private void SetFlushProblem(string? problem)
    {
        _flushProblem = problem;
        if (problem is null)
        {
            _flushHealth.Succeeded();
        }
        else
        {
            _flushHealth.Failed(problem);
        }
    }
}

public sealed partial class StorageEngine
{
    private WalOptions WalOptions => new() { SyncMode = _options.WalSyncMode, SyncInterval = _options.WalSyncInterval, FaultInjection = _options.FaultInjection };

    /// <summary>
    /// The WAL writer, opened or replaced when needed (caller holds the write lock). A full disk can keep it from
    /// opening at start (the engine then serves reads, and opens it at the first write that finds space). After a
    /// failed fsync the writer refuses every append, because the kernel may have dropped the pages it could not
    /// write: every point acknowledged since the last flush is still in the heads, so the engine starts a fresh WAL
    /// and flushes the current head to parts (fsynced files); the old segments are deleted only once that flush
    /// commits.
    /// </summary>
    /// <exception cref="IOException">No writer can be opened (the disk is still full).</exception>
    private WalWriter EnsureWalLocked()
    {
        if (_wal is { IsFaulted: false } healthy)
        {
            return healthy;
        }

        var waitedSince = Environment.TickCount64;
        while (_wal is not null && _state.Frozen is not null)
        {
            if (_flushProblem is { } problem && Environment.TickCount64 - waitedSince > 1000)
            {
                throw new IOException($"The WAL failed and the previous head is not flushed yet: {problem}");
            }

            Monitor.Wait(_writeLock, 100);
        }

        var failed = _wal;
        var fresh = WalWriter.Open(Path.Combine(_options.DataDirectory, "wal"), WalOptions, _options.Log);
        Volatile.Write(ref _wal, fresh);
        if (failed is not null)
        {
            failed.Dispose();
            _options.Log("WAL: an fsync failed; writing to a new segment and flushing the points held in memory to parts");
            if (_state.Active.Count > 0)
            {
                _frozenWalSegmentEnd = fresh.CurrentSegment;
                _state = _state with { Active = NewHead(), Frozen = _state.Active };
                _flushRequested.Release();
            }
        }

        return fresh;
    }
}
