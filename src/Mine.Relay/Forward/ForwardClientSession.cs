using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// One connection of a <see cref="ForwardClient"/> after the hellos: a send loop (window, source, CHUNK frames), a
/// receive loop (ACK, PING, ERROR frames) and a heartbeat loop (PING when idle, the acknowledgement timeout, the
/// health beat). The first loop to fail ends the session; <see cref="ReleaseAll"/> then gives back what is in flight.
/// </summary>
internal sealed class ForwardClientSession : IDisposable
{
    private readonly ForwardClient _client;
    private readonly Stream _stream;
    private readonly int _peerMaxPayload;
    private readonly CancellationTokenSource _cts;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly SemaphoreSlim _window;
    private readonly Dictionary<ChunkId, InFlightChunk> _inFlight = [];
    private long _sequence;

    public ForwardClientSession(ForwardClient client, Stream stream, int peerMaxPayload, CancellationToken stopping)
    {
        _client = client;
        _stream = stream;
        _peerMaxPayload = peerMaxPayload;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _reader = new FrameReader(stream, "the destination", ForwardClient.MaxIncomingFramePayload, client.Options.ReceiveTimeout, _cts.Token);
        _writer = new FrameWriter(stream);
        _window = new SemaphoreSlim(client.Options.Window, client.Options.Window);
    }

    public int InFlight
    {
        get
        {
            lock (_inFlight)
            {
                return _inFlight.Count;
            }
        }
    }

    private ForwardClientCounters Counters => _client.Counters;

    /// <summary>Runs until a loop fails, and throws that loop's exception (cancellation when the client stops).</summary>
    public async Task RunAsync()
    {
        Task[] loops = [Task.Run(SendLoopAsync), Task.Run(ReceiveLoopAsync), Task.Run(HeartbeatLoopAsync)];
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await _cts.CancelAsync().ConfigureAwait(false);
        // A write blocked on a full socket buffer does not always see the cancellation; closing the stream ends it.
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The others failed because the first one ended the connection: only the first one's error is the cause.
        }

        await first.ConfigureAwait(false);
        throw new InvalidOperationException("a forward session loop ended without an error");
    }

    /// <summary>Gives every chunk still in flight back to the source, newest first, so that the oldest ends up at the
    /// head of the queue and is sent first again.</summary>
    public void ReleaseAll()
    {
        InFlightChunk[] entries;
        lock (_inFlight)
        {
            entries = [.. _inFlight.Values.OrderByDescending(e => e.Sequence)];
            _inFlight.Clear();
        }

        foreach (var entry in entries)
        {
            try
            {
                _client.Source.Release(entry.Chunk.Id);
                Interlocked.Increment(ref Counters.ChunksReleased);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _client.Log(ForwardLogLevel.Error, $"the buffer could not take chunk {entry.Chunk.Id} back: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private async Task SendLoopAsync()
    {
        var token = _cts.Token;
        var idBytes = new byte[ChunkId.Size];
        while (true)
        {
            await _window.WaitAsync(token).ConfigureAwait(false);
            var chunk = await _client.Source.NextAsync(token).ConfigureAwait(false);
            var entry = new InFlightChunk(chunk, ++_sequence);
            lock (_inFlight)
            {
                if (!_inFlight.TryAdd(chunk.Id, entry))
                {
                    _client.Log(ForwardLogLevel.Error, $"the buffer handed out chunk {chunk.Id} while it was in flight already; not sent twice");
                    _window.Release();
                    continue;
                }
            }

            if (ChunkId.Size + (long)chunk.Payload.Length > _peerMaxPayload)
            {
                // In flight until the source has taken it: if rejecting throws, the session's end gives it back.
                _client.RejectOversized(chunk, _peerMaxPayload);
                lock (_inFlight)
                {
                    _inFlight.Remove(chunk.Id);
                }

                _window.Release();
                continue;
            }

            chunk.Id.Write(idBytes);
            await _writer.WriteAsync(ForwardFrameType.Chunk, idBytes, chunk.Payload, token).ConfigureAwait(false);
            entry.MarkSent();
            Interlocked.Increment(ref Counters.ChunksSent);
            Interlocked.Add(ref Counters.PointsSent, chunk.Points);
            Interlocked.Add(ref Counters.BytesSent, chunk.Payload.Length);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await _reader.ReadAsync().ConfigureAwait(false) ?? throw new IOException("the destination closed the connection");
                try
                {
                    switch (frame.Type)
                    {
                        case ForwardFrameType.Ack:
                            OnAck(ForwardAck.Decode(frame.Payload));
                            break;
                        case ForwardFrameType.Ping:
                            break;
                        case ForwardFrameType.Error:
                            throw new ForwardPeerException($"the destination closed the connection: {ForwardError.Decode(frame.Payload)}");
                        default:
                            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"the destination sent a frame of type {(byte)frame.Type}, which a client never receives");
                    }
                }
                finally
                {
                    frame.Return();
                }
            }
        }
        catch (ForwardProtocolException e)
        {
            await _writer.TryWriteErrorAsync(e.Code, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    private void OnAck(ForwardAck ack)
    {
        InFlightChunk? entry;
        lock (_inFlight)
        {
            if (!_inFlight.TryGetValue(ack.Id, out entry))
            {
                Interlocked.Increment(ref Counters.UnexpectedAcks);
                return;
            }
        }

        if (ack.Status == ForwardAckStatus.Failed)
        {
            // Left in flight: the session ends, and ReleaseAll gives it back in its place, before the chunks sent
            // after it, so the queue keeps its order.
            throw new ForwardPeerException($"the destination could not store chunk {ack.Id}: {ack.Reason}");
        }

        // The source first, then the window: if the source throws, the chunk is still in flight and the session's
        // end gives it back; and the source never sees more than a window of chunks in flight.
        var chunk = entry.Chunk;
        if (ack.Status == ForwardAckStatus.Damaged)
        {
            _client.Source.Reject(ack.Id, $"the destination refused it as damaged: {ack.Reason}");
        }
        else
        {
            _client.Source.Acknowledge(ack.Id);
        }

        lock (_inFlight)
        {
            _inFlight.Remove(ack.Id);
        }

        _window.Release();
        if (ack.Status == ForwardAckStatus.Damaged)
        {
            Interlocked.Increment(ref Counters.ChunksRejected);
            _client.Log(ForwardLogLevel.Error, $"chunk {ack.Id} ({chunk.Points} points) refused as damaged ({ack.Reason}); the buffer moves it aside, it is not sent again");
            return;
        }

        Interlocked.Increment(ref Counters.ChunksAcknowledged);
        Interlocked.Add(ref Counters.PointsAcknowledged, chunk.Points);
        Interlocked.Add(ref Counters.BytesAcknowledged, chunk.Payload.Length);
        if (ack.Status == ForwardAckStatus.Duplicate)
        {
            Interlocked.Increment(ref Counters.ChunksDuplicate);
        }

        _client.OnAcknowledged();
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _cts.Token;
        var interval = _client.Options.HeartbeatInterval;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, interval.TotalMilliseconds / 2)));
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            _client.Health.Beat();
            await _writer.PingIfIdleAsync(interval, token).ConfigureAwait(false);
            CheckAckTimeout();
        }
    }

    private void CheckAckTimeout()
    {
        var limitMs = (long)_client.Options.AckTimeout.TotalMilliseconds;
        var now = Environment.TickCount64;
        lock (_inFlight)
        {
            foreach (var entry in _inFlight.Values)
            {
                var sent = entry.SentAtMs;
                if (sent != 0 && now - sent > limitMs)
                {
                    throw new TimeoutException($"chunk {entry.Chunk.Id} was sent {(now - sent) / 1000.0:0.#} s ago and is still unacknowledged: the destination is reachable but does not store (its storage may be stuck)");
                }
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _window.Dispose();
        _cts.Dispose();
    }
}
