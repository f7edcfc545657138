namespace Mine.Listeners;

/// <summary>
/// Bounds the receive-buffer memory of all TCP connections together. Each connection starts with a small buffer
/// (always granted: the connection caps bound their number) and asks the budget before growing it for a large
/// pickle frame or a busy plaintext stream. Buffers are plain arrays, never pooled beyond a few small ones, so
/// after a connection storm the memory goes back to the GC; when the bytes in use fall far below their peak, one
/// aggressive collection returns the freed large-object pages to the operating system (RSS back near baseline).
/// </summary>
public sealed class BufferBudget
{
    /// <summary>Peak buffer bytes above which a storm's end triggers a memory-returning collection.</summary>
    private const long CollectAbovePeak = 64L << 20;

    private readonly object _lock = new();
    private readonly Func<long> _nowMs;
    private long _inUse;
    private long _peak;
    private long _lastCollectMs = long.MinValue / 2;
    private long _collections;

    public BufferBudget(long maxBytes, Func<long>? nowMs = null)
    {
        MaxBytes = maxBytes;
        _nowMs = nowMs ?? (static () => Environment.TickCount64);
    }

    public long MaxBytes { get; }

    /// <summary>Receive-buffer bytes held by connections now.</summary>
    public long InUse => Interlocked.Read(ref _inUse);

    /// <summary>Memory-returning collections triggered so far.</summary>
    public long Collections => Interlocked.Read(ref _collections);

    /// <summary>Takes <paramref name="bytes"/> if the budget allows; <paramref name="always"/> for the small
    /// starting buffer, which the connection caps already bound.</summary>
    public bool TryReserve(long bytes, bool always = false)
    {
        lock (_lock)
        {
            if (!always && MaxBytes > 0 && _inUse + bytes > MaxBytes)
            {
                return false;
            }

            _inUse += bytes;
            _peak = Math.Max(_peak, _inUse);
            return true;
        }
    }

    public void Release(long bytes)
    {
        bool collect;
        lock (_lock)
        {
            _inUse -= bytes;
            var now = _nowMs();
            collect = _peak >= CollectAbovePeak && _inUse < _peak / 4 && now - _lastCollectMs > 30_000;
            if (collect)
            {
                _lastCollectMs = now;
                _peak = _inUse;
            }
        }

        if (collect)
        {
            Interlocked.Increment(ref _collections);
            // Off the connection's thread, a second later so the rest of a closing storm is freed too; a blocking,
            // compacting collection that decommits free pages. Rare: at most twice a minute, and only after tens of
            // MiB of buffers were freed.
            _ = Task.Delay(1000).ContinueWith(static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), TaskScheduler.Default);
        }
    }
}
