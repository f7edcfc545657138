using System.Buffers;

namespace Mine.Storage.Wal;

/// <summary>
/// Records framed ahead of time, so <see cref="WalWriter.Append(WalBatch)"/> writes them all with one write call and
/// the checksums are computed outside the writer's lock. Not thread-safe: one producer fills a batch, appends it,
/// then <see cref="Clear"/>s it for reuse. A batch lands whole in one segment.
/// </summary>
public sealed class WalBatch : IDisposable
{
    private byte[] _buffer;

    public WalBatch(int initialCapacity = 64 * 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    /// <summary>Records in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Framed bytes in the batch, headers included.</summary>
    public int Length { get; private set; }

    internal ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>Frames and copies a record. Type 0 is reserved.</summary>
    public void Add(byte recordType, ReadOnlySpan<byte> payload)
    {
        WalFormat.ValidateRecord(recordType, payload.Length);
        var size = WalFormat.RecordSize(payload.Length);
        EnsureCapacity(size);
        WalFormat.WriteRecord(_buffer.AsSpan(Length, size), recordType, payload);
        Length += size;
        Count++;
    }

    public void Clear()
    {
        Length = 0;
        Count = 0;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Clear();
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureCapacity(int extra)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if ((long)Length + extra <= _buffer.Length)
        {
            return;
        }

        var needed = (long)Length + extra;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException("A WAL batch cannot exceed 2 GiB; append it and start another.");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2)));
        _buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
