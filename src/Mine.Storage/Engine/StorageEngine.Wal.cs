using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

/// <summary>The WAL writer's life: opened at start, or later when a full disk kept it closed, replaced after a failed fsync.</summary>
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
            if (_flusher.Problem is { } problem && Environment.TickCount64 - waitedSince > 1000)
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
                _flusher.Request();
            }
        }

        return fresh;
    }
}
