using System.Buffers;
using System.Buffers.Binary;
using Mine.Core.Hashing;

using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// Reads frames from one connection: checks the length against the limit announced in the hello before allocating,
/// and the CRC before handing the frame out. Each read from the stream must bring bytes within the receive timeout
/// (a timer armed only while a read waits, so a side that stopped reading on purpose is not timed out), which is how
/// a black-holed link is noticed: the peer's pings stop arriving.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string _peer;
    private readonly int _maxPayload;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _connection;
    private readonly CancellationTokenSource _timer;
    private readonly byte[] _header = new byte[ForwardFrame.HeaderSize];

    public FrameReader(Stream stream, string peer, int maxPayload, TimeSpan receiveTimeout, CancellationToken connection)
    {
        _stream = stream;
        _peer = peer;
        _maxPayload = maxPayload;
        _timeout = receiveTimeout;
        _connection = connection;
        _timer = CancellationTokenSource.CreateLinkedTokenSource(connection);
    }

    /// <summary>Bytes read so far, frame headers included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next frame, or null when the peer closed the connection between two frames.</summary>
    public async ValueTask<ForwardFrame?> ReadAsync()
    {
        if (!await FillAsync(_header, endAllowed: true).ConfigureAwait(false))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        var type = (ForwardFrameType)_header[4];
        if (length > (uint)_maxPayload)
        {
            throw new ForwardProtocolException(ForwardErrorCode.FrameTooLarge,
                $"{_peer} sent a frame (type {(byte)type}) of {length} bytes, over the limit of {_maxPayload} announced in the hello");
        }

        var buffer = ChunkScratch.Pool.Rent(Math.Max(1, (int)length));
        try
        {
            await FillAsync(buffer.AsMemory(0, (int)length), endAllowed: false).ConfigureAwait(false);
            var crc = Crc32C.Append(Crc32C.Compute(_header.AsSpan(0, 8)), buffer.AsSpan(0, (int)length));
            if (crc != BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(8)))
            {
                throw new ForwardProtocolException(ForwardErrorCode.ProtocolError,
                    $"a frame (type {(byte)type}, {length} bytes) from {_peer} fails its CRC: damaged on the way, or not a forward peer");
            }
        }
        catch
        {
            ChunkScratch.Pool.Return(buffer);
            throw;
        }

        return new ForwardFrame(type, buffer, (int)length);
    }

    private async ValueTask<bool> FillAsync(Memory<byte> destination, bool endAllowed)
    {
        var got = 0;
        while (got < destination.Length)
        {
            int read;
            Arm();
            try
            {
                read = await _stream.ReadAsync(destination[got..], _timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_timer.IsCancellationRequested && !_connection.IsCancellationRequested)
            {
                throw new TimeoutException($"nothing arrived from {_peer} for {_timeout.TotalSeconds:0.###} s (its pings stopped: the link or the peer is down)");
            }
            finally
            {
                Disarm();
            }

            if (read == 0)
            {
                if (endAllowed && got == 0)
                {
                    return false;
                }

                throw new EndOfStreamException($"{_peer} closed the connection in the middle of a frame");
            }

            got += read;
            BytesRead += read;
        }

        return true;
    }

    private void Arm()
    {
        if (_timeout > TimeSpan.Zero && _timeout != Timeout.InfiniteTimeSpan)
        {
            _timer.CancelAfter(_timeout);
        }
    }

    private void Disarm()
    {
        if (_timeout > TimeSpan.Zero && _timeout != Timeout.InfiniteTimeSpan && !_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();
}
