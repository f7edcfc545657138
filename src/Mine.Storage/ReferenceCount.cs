namespace Mine.Storage;

/// <summary>
/// A reference count that cannot be revived once it reaches zero: what lets readers use heads and parts without
/// locks while flushes and merges retire them. Starts at one (the owner's reference).
/// </summary>
internal struct ReferenceCount
{
    private int _count;

    public ReferenceCount() => _count = 1;

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _count);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _count, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Drops one reference; true when it was the last.</summary>
    public bool Release() => Interlocked.Decrement(ref _count) == 0;

    /// <summary>Back to one reference, for an object recycled after it reached zero.</summary>
    public void Reset() => Volatile.Write(ref _count, 1);
}
