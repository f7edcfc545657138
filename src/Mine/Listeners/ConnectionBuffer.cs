using System.Collections.Concurrent;

namespace Mine.Listeners;

/// <summary>
/// One connection's receive buffer: taken only while data flows (an idle connection holds none), small at first,
/// grown within the <see cref="BufferBudget"/> when the input needs it, and given back when empty. Small buffers
/// are reused through a bounded pool; grown ones are left to the GC.
/// </summary>
internal sealed class ConnectionBuffer(BufferBudget budget, int initialBytes) : IDisposable
{
    private const int PoolLimit = 256;
    private static readonly ConcurrentDictionary<int, ConcurrentBag<byte[]>> Pools = new();

    private byte[]? _array;

    /// <summary>Bytes received and not consumed yet, at the start of the buffer.</summary>
    public int Filled { get; set; }

    public int Capacity => _array?.Length ?? 0;

    public bool Held => _array is not null;

    public byte[] Array => _array ?? throw new InvalidOperationException("the buffer is not held");

    public Memory<byte> Free => Array.AsMemory(Filled);

    public ReadOnlySpan<byte> Data => Array.AsSpan(0, Filled);

    /// <summary>Takes a starting buffer if none is held (always granted: connection caps bound their number).</summary>
    public void Hold()
    {
        if (_array is not null)
        {
            return;
        }

        budget.TryReserve(initialBytes, always: true);
        var pool = Pools.GetOrAdd(initialBytes, static _ => new ConcurrentBag<byte[]>());
        _array = pool.TryTake(out var pooled) ? pooled : GC.AllocateUninitializedArray<byte>(initialBytes);
    }

    /// <summary>Grows to at least <paramref name="bytes"/> keeping the data, if the budget allows.</summary>
    public bool TryGrow(int bytes)
    {
        var current = Capacity;
        if (bytes <= current)
        {
            return true;
        }

        if (!budget.TryReserve(bytes - current))
        {
            return false;
        }

        var grown = GC.AllocateUninitializedArray<byte>(bytes);
        var old = _array;
        if (old is not null)
        {
            old.AsSpan(0, Filled).CopyTo(grown);
            Recycle(old);
        }

        _array = grown;
        return true;
    }

    /// <summary>Drops consumed bytes from the front.</summary>
    public void Consume(int bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        Buffer.BlockCopy(Array, bytes, Array, 0, Filled - bytes);
        Filled -= bytes;
    }

    /// <summary>Moves the data into a starting-size buffer when a grown one holds little (a large frame was parsed,
    /// a busy sender went quiet), so a connection does not keep a large buffer it no longer needs.</summary>
    public void Shrink()
    {
        if (_array is not { } array || array.Length <= initialBytes || Filled > initialBytes / 2)
        {
            return;
        }

        ReturnArray();
        Hold();
        array.AsSpan(0, Filled).CopyTo(_array);
    }

    /// <summary>Gives the buffer back when it holds no data (the connection waits for more without a buffer).</summary>
    public void ReleaseIfEmpty()
    {
        if (Filled == 0)
        {
            ReturnArray();
        }
    }

    public void Dispose()
    {
        Filled = 0;
        ReturnArray();
    }

    private void ReturnArray()
    {
        if (_array is not { } array)
        {
            return;
        }

        _array = null;
        budget.Release(array.Length);
        Recycle(array);
    }

    private void Recycle(byte[] array)
    {
        if (array.Length == initialBytes && Pools.TryGetValue(initialBytes, out var pool) && pool.Count < PoolLimit)
        {
            pool.Add(array);
        }
    }
}
