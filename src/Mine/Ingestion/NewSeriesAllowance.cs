namespace Mine.Ingestion;

/// <summary>
/// How many new series each source may still create: a token bucket per source (a remote IP address, a collectd
/// host) refilled continuously at a per-minute rate, as carbon's MAX_CREATES_PER_MINUTE but per sender, so one
/// broken sender cannot go on creating series while the others go on creating theirs. The bucket holds a burst
/// larger than a minute's rate: a relay that forwards a whole fleet to a fresh Mine creates every series of the
/// fleet in its first seconds, and refusing those points would lose its first minutes of data. Points of a known
/// series never need a token. Thread-safe.
/// </summary>
public sealed class NewSeriesAllowance
{
    /// <summary>Buckets kept before full ones (equivalent to none) are forgotten.</summary>
    private const int SweepAbove = 10_000;

    private readonly object _lock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _perMinute;
    private readonly double _burst;
    private readonly Func<long> _nowMs;

    /// <param name="perMinute">New series per source and minute; 0 or less: no limit.</param>
    /// <param name="burst">New series a source may create at once (the bucket's size); at least one minute's rate.</param>
    /// <param name="nowMs">Monotonic clock in milliseconds (tests move it by hand).</param>
    public NewSeriesAllowance(int perMinute, int burst = 0, Func<long>? nowMs = null)
    {
        _perMinute = perMinute;
        _burst = Math.Max(perMinute, burst);
        _nowMs = nowMs ?? (static () => Environment.TickCount64);
    }

    public bool Unlimited => _perMinute <= 0;

    /// <summary>Number of sources with a bucket now (for tests and metrics).</summary>
    public int TrackedSources
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>New series <paramref name="source"/> may create now; unlimited for internal writers (null source).</summary>
    public int Available(string? source)
    {
        if (source is null || Unlimited)
        {
            return int.MaxValue;
        }

        lock (_lock)
        {
            return (int)Math.Floor(Refill(source).Tokens);
        }
    }

    /// <summary>Takes <paramref name="created"/> tokens after a write created that many series.</summary>
    public void Consume(string? source, int created)
    {
        if (source is null || Unlimited || created <= 0)
        {
            return;
        }

        lock (_lock)
        {
            var bucket = Refill(source);
            bucket.Tokens = Math.Max(0, bucket.Tokens - created);
        }
    }

    private Bucket Refill(string source)
    {
        var now = _nowMs();
        if (!_buckets.TryGetValue(source, out var bucket))
        {
            if (_buckets.Count >= SweepAbove)
            {
                ForgetFullBuckets(now);
            }

            bucket = new Bucket { Tokens = _burst, LastMs = now };
            _buckets[source] = bucket;
            return bucket;
        }

        bucket.Tokens = Math.Min(_burst, bucket.Tokens + ((now - bucket.LastMs) * _perMinute / 60_000.0));
        bucket.LastMs = now;
        return bucket;
    }

    private void ForgetFullBuckets(long now)
    {
        foreach (var (source, bucket) in _buckets)
        {
            if (bucket.Tokens + ((now - bucket.LastMs) * _perMinute / 60_000.0) >= _burst)
            {
                _buckets.Remove(source);
            }
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public long LastMs;
    }
}
