using Microsoft.Win32.SafeHandles;

namespace Mine.Storage.Wal;

/// <summary>
/// fsync with group commit: one appender at a time becomes the leader and fsyncs everything written so far; the
/// others wait, and whoever's bytes that fsync covered returns without one of its own. Under load this turns
/// thousands of fsyncs per second into a few dozen.
/// </summary>
public sealed partial class WalWriter
{
    // Guards _durable, _syncing and _fault. Lock order: _writeLock may be held while taking _syncLock, never the reverse.
    private readonly object _syncLock = new();
    private long _durable;
    private bool _syncing;
    private Exception? _fault;
    private CancellationTokenSource? _backgroundStop;
    private Task? _background;

    /// <summary>
    /// True once an fsync failed: the writer refuses every append from then on (the kernel may have dropped the
    /// pages it failed to write). Its owner replaces it after making the records durable another way.
    /// </summary>
    public bool IsFaulted => Volatile.Read(ref _fault) is not null;

    /// <summary>Logical position (bytes written by this writer) known to be on disk; for tests.</summary>
    internal long DurablePosition
    {
        get
        {
            lock (_syncLock)
            {
                return _durable;
            }
        }
    }

    /// <summary>Logical position written so far; for tests.</summary>
    internal long WrittenPosition
    {
        get
        {
            lock (_writeLock)
            {
                return _written;
            }
        }
    }

    /// <summary>
    /// Makes every record appended so far durable (fsync), sharing the fsync with concurrent callers. In
    /// <see cref="WalSyncMode.None"/> mode closed segments are not fsynced, so this covers the current segment only.
    /// </summary>
    public void Sync()
    {
        long target;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            target = _written;
        }

        WaitUntilDurable(target);
    }

    private void WaitUntilDurable(long target)
    {
        while (true)
        {
            lock (_syncLock)
            {
                while (true)
                {
                    if (_durable >= target)
                    {
                        return;
                    }

                    ThrowIfFaulted();
                    if (!_syncing)
                    {
                        _syncing = true;
                        break;
                    }

                    Monitor.Wait(_syncLock);
                }
            }

            LeadOneSync();
        }
    }

    private void LeadOneSync()
    {
        long covered = 0;
        Exception? failure = null;
        try
        {
            covered = SyncCurrentSegment();
        }
        catch (IOException e)
        {
            failure = e;
        }

        lock (_syncLock)
        {
            _syncing = false;
            if (failure is null)
            {
                _durable = Math.Max(_durable, covered);
            }
            else
            {
                // After a failed fsync the kernel may have dropped the dirty pages and will report success next
                // time; the only honest answer is to stop acknowledging writes.
                _fault ??= failure;
                _log($"WAL: fsync failed, refusing further appends: {failure.Message}");
            }

            Monitor.PulseAll(_syncLock);
        }
    }

    /// <summary>fsyncs the current segment and returns the logical position it covers.</summary>
    private long SyncCurrentSegment()
    {
        SafeFileHandle segment;
        long covered;
        var referenced = false;
        lock (_writeLock)
        {
            covered = _written;
            if (_disposed)
            {
                return covered; // Dispose fsynced everything.
            }

            segment = _segment;

            // Keep the handle open through the fsync even if a rotation closes it meanwhile; the rotation fsyncs the
            // old segment itself, so covering it twice is harmless.
            segment.DangerousAddRef(ref referenced);
        }

        try
        {
            _options.FaultInjection?.Invoke(WalOptions.FsyncPoint);
            RandomAccess.FlushToDisk(segment);
            return covered;
        }
        finally
        {
            if (referenced)
            {
                segment.DangerousRelease();
            }
        }
    }

    private void Fault(Exception failure)
    {
        lock (_syncLock)
        {
            _fault ??= failure;
            Monitor.PulseAll(_syncLock);
        }

        _log($"WAL: fsync failed, refusing further appends: {failure.Message}");
    }

    private void MarkDurable(long position)
    {
        lock (_syncLock)
        {
            _durable = Math.Max(_durable, position);
            Monitor.PulseAll(_syncLock);
        }
    }

    private void ThrowIfFaulted()
    {
        var fault = Volatile.Read(ref _fault);
        if (fault is not null)
        {
            throw new IOException("The WAL is unusable after a failed fsync; restart to replay it.", fault);
        }
    }

    private void StartBackgroundSync()
    {
        if (_options.SyncMode != WalSyncMode.Interval)
        {
            return;
        }

        _backgroundStop = new CancellationTokenSource();
        var stop = _backgroundStop.Token;
        _background = Task.Run(() => SyncPeriodicallyAsync(stop), CancellationToken.None);
    }

    private async Task SyncPeriodicallyAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.SyncInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                long target;
                lock (_writeLock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    target = _written;
                }

                try
                {
                    WaitUntilDurable(target);
                }
                catch (IOException)
                {
                    return; // already logged; appends now fail
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Dispose
        }
    }

    private void StopBackgroundSync()
    {
        if (_backgroundStop is null)
        {
            return;
        }

        _backgroundStop.Cancel();
        _background?.GetAwaiter().GetResult();
        _backgroundStop.Dispose();
        _backgroundStop = null;
    }
}
