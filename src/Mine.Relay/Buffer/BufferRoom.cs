namespace Mine.Relay.Buffer;

/// <summary>
/// The bytes the buffer holds on disk across every destination, against <see cref="ChunkBufferOptions.TotalLimitBytes"/>.
/// An append reserves its record bytes before writing them; sealing replaces a staged file's size with its chunk's,
/// and an acknowledgement or a drop frees a chunk's. Lock-free: appenders of every destination pass here.
/// </summary>
internal sealed class BufferRoom(long limit)
{
    private readonly AsyncSignal _freed = new();
    private long _used;

    public long Limit { get; } = limit;

    public long Used => Volatile.Read(ref _used);

    /// <summary>Completes the next time bytes are freed.</summary>
    public Task Freed => _freed.Next;

    public bool TryReserve(long bytes)
    {
        var used = Volatile.Read(ref _used);
        while (true)
        {
            if (used + bytes > Limit)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _used, used + bytes, used);
            if (seen == used)
            {
                return true;
            }

            used = seen;
        }
    }

    /// <summary>Adds or frees bytes whatever the limit (files found at start, a seal's size change).</summary>
    public void Adjust(long bytes)
    {
        Interlocked.Add(ref _used, bytes);
        if (bytes < 0)
        {
            _freed.Fire();
        }
    }

    public void Free(long bytes) => Adjust(-bytes);

    /// <summary>Wakes every waiter (the buffer is closing).</summary>
    public void WakeAll() => _freed.Fire();
}
