using System.Buffers.Binary;
using Mine.Core.Hashing;

namespace Mine.Relay.Forward;

/// <summary>
/// Writes frames to one connection, one at a time (chunks, acknowledgements and pings come from different loops),
/// and remembers when it last wrote, for the heartbeat. The CRC is computed before the lock is taken.
/// </summary>
internal sealed class FrameWriter(Stream stream) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _lastWriteMs = Environment.TickCount64;
    private long _bytesWritten;

    public long LastWriteMs => Volatile.Read(ref _lastWriteMs);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Writes a frame whose payload is <paramref name="head"/> followed by <paramref name="body"/> (a chunk's
    /// id and bytes, without copying the chunk).</summary>
    public async ValueTask WriteAsync(ForwardFrameType type, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var first = Frame(type, head, body);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteLockedAsync(first, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask WriteAsync(ForwardFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteAsync(type, payload, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Writes a PING unless another frame is being written right now (that one is traffic enough).</summary>
    public async ValueTask PingIfIdleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - LastWriteMs < (long)interval.TotalMilliseconds || !_lock.Wait(0, CancellationToken.None))
        {
            return;
        }

        try
        {
            await WriteLockedAsync(Frame(ForwardFrameType.Ping, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty), ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Best effort: an ERROR frame before closing, so the peer logs why. Gives up after a second (the peer
    /// may be the reason nothing can be written).</summary>
    public async Task TryWriteErrorAsync(ForwardErrorCode code, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await WriteAsync(ForwardFrameType.Error, new ForwardError(code, reason).Encode(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or NotSupportedException or InvalidOperationException)
        {
        }
    }

    private static byte[] Frame(ForwardFrameType type, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body)
    {
        var frame = new byte[ForwardFrame.HeaderSize + head.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, checked((uint)(head.Length + body.Length)));
        frame[4] = (byte)type;
        head.Span.CopyTo(frame.AsSpan(ForwardFrame.HeaderSize));
        var crc = Crc32C.Append(Crc32C.Append(Crc32C.Compute(frame.AsSpan(0, 8)), head.Span), body.Span);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), crc);
        return frame;
    }

    private async ValueTask WriteLockedAsync(byte[] first, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(first, cancellationToken).ConfigureAwait(false);
        if (!body.IsEmpty)
        {
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesWritten, first.Length + body.Length);
        Volatile.Write(ref _lastWriteMs, Environment.TickCount64);
    }

    public void Dispose() => _lock.Dispose();
}
