namespace Mine.Core.Buffers;

/// <summary>
/// Reuses the value arrays of fetched series across requests, by exact length (a day of 5-minute points is
/// always 288 values, so the same lengths come back request after request). A wide render reads thousands of
/// series that all stay alive until its answer is written: allocated fresh, those 12 MB trigger collections
/// that copy them while they are still in use; reused, they sit in the oldest generation and cost the collector
/// nothing. The pool holds at most <see cref="MaxPooledBytes"/>; arrays beyond that are left to the collector.
/// </summary>
public sealed class ValueArrayPool(long maxPooledBytes = ValueArrayPool.DefaultMaxPooledBytes)
{
    public const long DefaultMaxPooledBytes = 64L << 20;

    /// <summary>Shorter arrays gain nothing from pooling (they are cheap to allocate and to copy).</summary>
    private const int MinPooledLength = 64;

    private readonly Dictionary<int, Stack<double[]>> _free = [];
    private long _pooledBytes;

    /// <summary>The pool the server's requests share.</summary>
    public static ValueArrayPool Shared { get; } = new();

    public long MaxPooledBytes { get; } = maxPooledBytes;

    /// <summary>Bytes held by the pool now.</summary>
    public long PooledBytes
    {
        get
        {
            lock (_free)
            {
                return _pooledBytes;
            }
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> values with arbitrary contents.</summary>
    public double[] Rent(int length)
    {
        if (length >= MinPooledLength)
        {
            lock (_free)
            {
                if (_free.TryGetValue(length, out var stack) && stack.TryPop(out var array))
                {
                    _pooledBytes -= (long)length * sizeof(double);
                    return array;
                }
            }
        }

        return GC.AllocateUninitializedArray<double>(length);
    }

    /// <summary>Takes back arrays nothing uses any more.</summary>
    public void Return(IEnumerable<double[]> arrays)
    {
        lock (_free)
        {
            foreach (var array in arrays)
            {
                var bytes = (long)array.Length * sizeof(double);
                if (array.Length < MinPooledLength || _pooledBytes + bytes > MaxPooledBytes)
                {
                    continue;
                }

                if (!_free.TryGetValue(array.Length, out var stack))
                {
                    _free[array.Length] = stack = new Stack<double[]>();
                }

                stack.Push(array);
                _pooledBytes += bytes;
            }
        }
    }
}

/// <summary>
/// The value arrays one request rented; disposing returns them all. Only for a request whose answer is
/// fully written before the lease ends, so no series built on these arrays outlives it.
/// </summary>
public sealed class ValueArrayLease(ValueArrayPool pool) : IDisposable
{
    private readonly List<double[]> _rented = [];

    public double[] Rent(int length)
    {
        var array = pool.Rent(length);
        lock (_rented)
        {
            _rented.Add(array);
        }

        return array;
    }

    public void Dispose()
    {
        lock (_rented)
        {
            pool.Return(_rented);
            _rented.Clear();
        }
    }
}
