namespace Mine.Core.Buffers;

/// <summary>
/// Reuses the value arrays of fetched series across requests, by exact length (a day of 5-minute points is
/// always 288 values, so the same lengths come back request after request). A wide render reads thousands of
/// series that all stay alive until its answer is written: allocated fresh, those 12 MB trigger collections
/// that copy them while they are still in use; reused, they sit in the oldest generation and cost the collector
/// nothing. The pool holds at most <see cref="MaxPooledBytes"/>; arrays beyond that are left to the collector.
/// </summary>
/// <remarks>
/// Arrays are kept by length as the lease recorded it and wrapped in a struct, so returning thousands of them
/// never reads their headers (a cache miss each: the length, and the type check of storing into an array of
/// arrays).
/// </remarks>
public sealed class ValueArrayPool(long maxPooledBytes = ValueArrayPool.DefaultMaxPooledBytes)
{
    public const long DefaultMaxPooledBytes = 64L << 20;

    /// <summary>Shorter arrays gain nothing from pooling (they are cheap to allocate and to copy).</summary>
    private const int MinPooledLength = 64;

    /// <summary>Arrays go back in runs of this many per shard, so a reader finds a batch in one place.</summary>
    private const int Run = 32;

    /// <summary>
    /// Several independently locked shards: the readers of one wide request take batches at the same time, and
    /// on two cores a reader that waits for another's lock often waits for a descheduled thread.
    /// </summary>
    private readonly Shard[] _shards = [.. Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount * 2)).Select(_ => new Shard())];
    private long _pooledBytes;

    /// <summary>The pool the server's requests share.</summary>
    public static ValueArrayPool Shared { get; } = new();

    public long MaxPooledBytes { get; } = maxPooledBytes;

    /// <summary>Bytes held by the pool now.</summary>
    public long PooledBytes => Interlocked.Read(ref _pooledBytes);

    /// <summary>
    /// Moves up to <paramref name="count"/> pooled arrays of exactly <paramref name="length"/> values onto
    /// <paramref name="into"/>, from the calling thread's shard first.
    /// </summary>
    internal void RentPooled(int length, int count, Stack<PooledArray> into)
    {
        if (length < MinPooledLength)
        {
            return;
        }

        var first = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _shards.Length && into.Count < count; i++)
        {
            var taken = _shards[(first + i) % _shards.Length].Take(length, count - into.Count, into);
            Interlocked.Add(ref _pooledBytes, -taken * (long)length * sizeof(double));
        }
    }

    /// <summary>
    /// Takes back arrays of exactly <paramref name="length"/> values that nothing uses any more, up to the pool's
    /// cap (counted per run of arrays).
    /// </summary>
    internal void Return(int length, IReadOnlyList<PooledArray> arrays)
    {
        if (length < MinPooledLength)
        {
            return;
        }

        var shard = Environment.CurrentManagedThreadId;
        for (var from = 0; from < arrays.Count; from += Run)
        {
            var count = Math.Min(Run, arrays.Count - from);
            var bytes = (long)count * length * sizeof(double);
            if (Interlocked.Add(ref _pooledBytes, bytes) > MaxPooledBytes)
            {
                Interlocked.Add(ref _pooledBytes, -bytes);
                return;
            }

            _shards[shard++ % _shards.Length].Put(length, arrays, from, count);
        }
    }

    /// <summary>
    /// Gives back to the collector every array of a length no request rented or returned since the previous trim,
    /// so memory a burst of unusual requests filled the pool with does not stay for good. Returns the bytes freed.
    /// The host calls it every few seconds; lengths in steady use stay pooled.
    /// </summary>
    public long Trim()
    {
        long freed = 0;
        foreach (var shard in _shards)
        {
            freed += shard.TrimIdle();
        }

        Interlocked.Add(ref _pooledBytes, -freed);
        return freed;
    }

    private sealed class Shard
    {
        private readonly Dictionary<int, Stack<PooledArray>> _free = [];
        private readonly HashSet<int> _used = [];

        /// <summary>Drops the lengths not used since the last call; returns their bytes.</summary>
        public long TrimIdle()
        {
            lock (_free)
            {
                long freed = 0;
                foreach (var (length, stack) in _free)
                {
                    if (!_used.Contains(length))
                    {
                        freed += (long)stack.Count * length * sizeof(double);
                        _free.Remove(length);
                    }
                }

                _used.Clear();
                return freed;
            }
        }

        public int Take(int length, int count, Stack<PooledArray> into)
        {
            lock (_free)
            {
                _used.Add(length);
                if (!_free.TryGetValue(length, out var stack))
                {
                    return 0;
                }

                var taken = 0;
                while (taken < count && stack.TryPop(out var array))
                {
                    into.Push(array);
                    taken++;
                }

                return taken;
            }
        }

        public void Put(int length, IReadOnlyList<PooledArray> arrays, int from, int count)
        {
            lock (_free)
            {
                _used.Add(length);
                if (!_free.TryGetValue(length, out var stack))
                {
                    _free[length] = stack = new Stack<PooledArray>();
                }

                for (var i = from; i < from + count; i++)
                {
                    stack.Push(arrays[i]);
                }
            }
        }
    }
}

/// <summary>A pooled array as a struct: storing it into a collection needs no type check of the array.</summary>
internal readonly record struct PooledArray(double[] Values);

/// <summary>
/// The value arrays one request rented; disposing returns them all. Only for a request whose answer is
/// fully written before the lease ends, so no series built on these arrays outlives it. Each thread keeps its own
/// lists and takes pooled arrays in batches, so parallel reads do not queue on one lock per array.
/// </summary>
public sealed class ValueArrayLease(ValueArrayPool pool) : IDisposable
{
    private const int Batch = 32;

    private readonly ThreadLocal<ThreadArrays> _threads = new(() => new ThreadArrays(), trackAllValues: true);

    public double[] Rent(int length)
    {
        var mine = _threads.Value!;
        if (length != mine.Length)
        {
            mine.Switch(pool, length);
        }

        if (mine.Spare.Count == 0)
        {
            pool.RentPooled(length, Batch, mine.Spare);
        }

        var array = mine.Spare.TryPop(out var pooled) ? pooled : new PooledArray(GC.AllocateUninitializedArray<double>(length));
        mine.Rented.Add(array);
        return array.Values;
    }

    /// <summary>
    /// Gives back an array this thread rented, for its next <see cref="Rent"/> of the same length: a read that needs
    /// a full-resolution array only until it is consolidated reuses one array instead of holding one per series.
    /// An array rented on another thread, or before a rent of another length, stays rented until the lease ends.
    /// </summary>
    public void Recycle(double[] array)
    {
        var mine = _threads.Value!;
        if (array.Length != mine.Length)
        {
            return;
        }

        for (var i = mine.Rented.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(mine.Rented[i].Values, array))
            {
                mine.Spare.Push(mine.Rented[i]);
                mine.Rented.RemoveAt(i);
                return;
            }
        }
    }

    public void Dispose()
    {
        foreach (var arrays in _threads.Values)
        {
            arrays.ReturnAll(pool);
        }

        _threads.Dispose();
    }

    /// <summary>One thread's arrays, grouped by length (a request nearly always uses one length).</summary>
    private sealed class ThreadArrays
    {
        private readonly Dictionary<int, List<PooledArray>> _rentedByLength = [];

        public int Length { get; private set; } = -1;

        public List<PooledArray> Rented { get; private set; } = [];

        public Stack<PooledArray> Spare { get; } = new();

        public void Switch(ValueArrayPool pool, int length)
        {
            pool.Return(Length, [.. Spare]);
            Spare.Clear();
            Length = length;
            if (!_rentedByLength.TryGetValue(length, out var rented))
            {
                _rentedByLength[length] = rented = [];
            }

            Rented = rented;
        }

        public void ReturnAll(ValueArrayPool pool)
        {
            foreach (var (length, rented) in _rentedByLength)
            {
                pool.Return(length, rented);
            }

            pool.Return(Length, [.. Spare]);
        }
    }
}
