using Mine.Core.Diagnostics;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// After the hellos: a read loop (frames in, chunks opened), a store loop (dedup, store, record, acknowledge, one
/// chunk after another in arrival order) and a heartbeat loop. Between the first two a channel of one chunk, so
/// that the next chunk is decompressed while the previous one is stored, and at most three chunks' points are in
/// memory per connection; when the store is slower the read loop waits and TCP pushes back on the client.
/// </summary>
public sealed partial class ForwardReceiver
{
    private const int PooledBatches = 3;

    private readonly ConcurrentQueue<PointBatch> _batches = new();

    private async Task RunSessionAsync(Stream stream, CancellationToken stopping, CancellationToken abandonStores)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var reader = new FrameReader(stream, Peer, Options.MaxFramePayload, Options.ReceiveTimeout, connection.Token);
        using var writer = new FrameWriter(stream);
        var chunks = Channel.CreateBounded<ReceivedChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var read = Task.Run(() => ReadLoopAsync(reader, writer, chunks.Writer, connection.Token), CancellationToken.None);
        var store = Task.Run(() => StoreLoopAsync(chunks.Reader, writer, connection.Token, abandonStores), CancellationToken.None);
        var heartbeat = Task.Run(() => HeartbeatLoopAsync(writer, connection.Token), CancellationToken.None);
        var first = await Task.WhenAny(read, store, heartbeat).ConfigureAwait(false);
        if (first == read && read.IsCompletedSuccessfully)
        {
            // The client closed its side cleanly: what it sent before is still stored and acknowledged.
            first = await Task.WhenAny(store, heartbeat).ConfigureAwait(false);
        }

        if (stopping.IsCancellationRequested)
        {
            await writer.TryWriteErrorAsync(ForwardErrorCode.ShuttingDown, "the receiver is stopping; connect again later").ConfigureAwait(false);
        }

        await connection.CancelAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            // Waits for a store in progress too: its id is recorded before this connection is counted as closed.
            await Task.WhenAll(read, store, heartbeat).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The others failed because the first one ended the connection: only the first one's error is the cause.
        }

        await first.ConfigureAwait(false);
    }

    private async Task ReadLoopAsync(FrameReader reader, FrameWriter writer, ChannelWriter<ReceivedChunk> output, CancellationToken token)
    {
        try
        {
            while (await reader.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                ReceivedChunk? chunk = null;
                try
                {
                    switch (frame.Type)
                    {
                        case ForwardFrameType.Chunk:
                            chunk = Open(frame.Payload);
                            break;
                        case ForwardFrameType.Ping:
                            break;
                        case ForwardFrameType.Error:
                            throw new ForwardPeerException($"{Peer} closed the connection: {ForwardError.Decode(frame.Payload)}");
                        default:
                            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"{Peer} sent a frame of type {(byte)frame.Type}, which a receiver never receives");
                    }
                }
                finally
                {
                    frame.Return();
                }

                if (chunk is not null)
                {
                    await output.WriteAsync(chunk, token).ConfigureAwait(false);
                }
            }

            output.Complete();
        }
        catch (ForwardProtocolException e)
        {
            await writer.TryWriteErrorAsync(e.Code, e.Message).ConfigureAwait(false);
            throw;
        }
        catch (TimeoutException e)
        {
            await writer.TryWriteErrorAsync(ForwardErrorCode.Timeout, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Checks and decompresses a chunk (a damaged one becomes a refusal to acknowledge, not an error).</summary>
    private ReceivedChunk Open(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < ChunkId.Size)
        {
            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"{Peer} sent a CHUNK frame of {payload.Length} bytes, shorter than its 16-byte chunk id");
        }

        var id = ChunkId.Read(payload);
        Interlocked.Increment(ref Counters.ChunksReceived);
        Interlocked.Add(ref Counters.BytesReceived, payload.Length - ChunkId.Size);
        var batch = RentBatch();
        try
        {
            ChunkPayload.Open(payload[ChunkId.Size..], batch);
            return new ReceivedChunk(id, batch, null);
        }
        catch (ChunkFormatException e)
        {
            ReturnBatch(batch);
            return new ReceivedChunk(id, null, e.Message);
        }
    }

    private async Task StoreLoopAsync(ChannelReader<ReceivedChunk> input, FrameWriter writer, CancellationToken connection, CancellationToken abandonStores)
    {
        await foreach (var chunk in input.ReadAllAsync(connection).ConfigureAwait(false))
        {
            var ack = await StoreAsync(chunk, connection, abandonStores).ConfigureAwait(false);
            await writer.WriteAsync(ForwardFrameType.Ack, ack.Encode(), connection).ConfigureAwait(false);
        }
    }

    /// <summary>Dedup, store, record: what to acknowledge. A store in progress is finished even when the connection
    /// has gone or the listener stops (only <paramref name="abandonStores"/>, a stop's grace run out, cancels it), so
    /// that its id is recorded and the resend is a duplicate.</summary>
    private async Task<ForwardAck> StoreAsync(ReceivedChunk chunk, CancellationToken connection, CancellationToken abandonStores)
    {
        if (chunk.Points is not { } points)
        {
            Interlocked.Increment(ref Counters.ChunksDamaged);
            _context.LogThrottled(_context.ChunkLog, ForwardLogLevel.Error, $"chunk {chunk.Id} from {Peer} is damaged and refused for good: {chunk.Damage}");
            return new ForwardAck(chunk.Id, ForwardAckStatus.Damaged, chunk.Damage ?? "damaged");
        }

        try
        {
            if (!await _context.Dedup.ClaimAsync(chunk.Id, connection).ConfigureAwait(false))
            {
                Interlocked.Increment(ref Counters.ChunksDuplicate);
                return new ForwardAck(chunk.Id, ForwardAckStatus.Duplicate, "");
            }

            try
            {
                await _context.Store.StoreAsync(chunk.Id, points, abandonStores).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abandonStores.IsCancellationRequested)
            {
                _context.Dedup.Abandon(chunk.Id);
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _context.Dedup.Abandon(chunk.Id);
                Interlocked.Increment(ref Counters.StoreFailures);
                var reason = $"{ex.GetType().Name}: {ex.Message}";
                _context.LogThrottled(_context.ChunkLog, ForwardLogLevel.Error, $"chunk {chunk.Id} from {Peer} could not be stored ({reason}); the client sends it again later");
                return new ForwardAck(chunk.Id, ForwardAckStatus.Failed, reason);
            }

            _context.Dedup.Record(chunk.Id);
            Interlocked.Increment(ref Counters.ChunksStored);
            Interlocked.Add(ref Counters.PointsStored, points.Count);
            return new ForwardAck(chunk.Id, ForwardAckStatus.Stored, "");
        }
        finally
        {
            ReturnBatch(points);
        }
    }

    private async Task HeartbeatLoopAsync(FrameWriter writer, CancellationToken token)
    {
        var interval = Options.HeartbeatInterval;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, interval.TotalMilliseconds / 2)));
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            await writer.PingIfIdleAsync(interval, token).ConfigureAwait(false);
        }
    }

    private PointBatch RentBatch() => _batches.TryDequeue(out var batch) ? batch : new PointBatch();

    private void ReturnBatch(PointBatch batch)
    {
        if (_batches.Count < PooledBatches)
        {
            batch.Clear();
            _batches.Enqueue(batch);
        }
    }
}
