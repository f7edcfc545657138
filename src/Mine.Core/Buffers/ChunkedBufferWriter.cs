using System.Buffers;

namespace Mine.Core.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes that grows by adding pooled chunks instead of copying into a larger
/// array: a wide render's body (10 MB of JSON) is never one large array, is never copied to grow, and bodies
/// written in parallel join by handing over their chunks (<see cref="Append"/>). Dispose returns every chunk to the
/// pool; the written bytes must not be used after that.
/// </summary>
public sealed class ChunkedBufferWriter : IBufferWriter<byte>, IDisposable
{
    /// <summary>Big enough that a 10 MB body is a handful of socket writes, small enough to stay in the pool.</summary>
    public const int DefaultChunkSize = 1 << 20;

    private readonly int _chunkSize;
    private readonly List<Chunk> _sealed = [];
    private byte[] _current = [];
    private int _currentWritten;
    private long _sealedBytes;

    public ChunkedBufferWriter(int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 256);
        _chunkSize = chunkSize;
    }

    public long WrittenCount => _sealedBytes + _currentWritten;

    /// <summary>The written bytes in order, chunk by chunk.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Chunks
    {
        get
        {
            foreach (var chunk in _sealed)
            {
                yield return chunk.Array.AsMemory(chunk.Start, chunk.Count);
            }

            if (_currentWritten > 0)
            {
                yield return _current.AsMemory(0, _currentWritten);
            }
        }
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_currentWritten + count > _current.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _currentWritten += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_currentWritten);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_currentWritten);
    }

    /// <summary>
    /// Moves <paramref name="other"/>'s bytes, without their first <paramref name="skip"/> bytes, to the end of
    /// this body without copying them; <paramref name="other"/> is left empty.
    /// </summary>
    public void Append(ChunkedBufferWriter other, int skip = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        SealCurrent();
        other.SealCurrent();
        foreach (var chunk in other._sealed)
        {
            var dropped = Math.Min(skip, chunk.Count);
            skip -= dropped;
            if (chunk.Count > dropped)
            {
                AddSealed(new Chunk(chunk.Array, chunk.Start + dropped, chunk.Count - dropped));
            }
            else
            {
                ArrayPool<byte>.Shared.Return(chunk.Array);
            }
        }

        other._sealed.Clear();
        other._sealedBytes = 0;
    }

    /// <summary>The whole body as one array (tests and small bodies).</summary>
    public byte[] ToArray()
    {
        var result = new byte[WrittenCount];
        var offset = 0;
        foreach (var chunk in Chunks)
        {
            chunk.Span.CopyTo(result.AsSpan(offset));
            offset += chunk.Length;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var chunk in _sealed)
        {
            ArrayPool<byte>.Shared.Return(chunk.Array);
        }

        _sealed.Clear();
        _sealedBytes = 0;
        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = [];
        _currentWritten = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _currentWritten >= needed)
        {
            return;
        }

        SealCurrent();
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(_chunkSize, needed));
    }

    /// <summary>Closes the current chunk (its unused tail is wasted, at most one item's worth).</summary>
    private void SealCurrent()
    {
        if (_currentWritten > 0)
        {
            AddSealed(new Chunk(_current, 0, _currentWritten));
        }
        else if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = [];
        _currentWritten = 0;
    }

    private void AddSealed(Chunk chunk)
    {
        _sealed.Add(chunk);
        _sealedBytes += chunk.Count;
    }

    private readonly record struct Chunk(byte[] Array, int Start, int Count);
}
