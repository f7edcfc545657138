using System.Buffers;
using Mine.Core.Health;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Pickle;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Carbon;

/// <summary>
/// Feeds one carbon-cache or go-carbon (<c>--carbon-to</c>) from its queue in the disk buffer: each chunk is opened,
/// written as pickle frames or plaintext lines, and let go once the socket took it. carbon acknowledges nothing, so
/// delivery is as good as TCP: what the kernel had accepted when carbon died is lost there, as with carbon-relay. A
/// connection carbon has closed is noticed before the next chunk is written into it (carbon never sends anything, so a
/// read that completes means the end), and that chunk waits for the next connection.
/// While carbon is unreachable the chunks wait on disk; reconnections back off as the forward client's do.
/// </summary>
public sealed class CarbonForwarder
{
    private readonly IChunkSource _source;
    private readonly Func<CancellationToken, ValueTask<Stream>> _connect;
    private readonly CarbonProtocol _protocol;
    private readonly Action<string> _log;
    private readonly TimeSpan _firstRetry;
    private readonly TimeSpan _maxRetry;

    public CarbonForwarder(string destination, IChunkSource source, Func<CancellationToken, ValueTask<Stream>> connect, CarbonProtocol protocol,
        Action<string>? log = null, TimeSpan? firstRetry = null, TimeSpan? maxRetry = null)
    {
        Destination = destination;
        _source = source;
        _connect = connect;
        _protocol = protocol;
        _log = log ?? (_ => { });
        _firstRetry = firstRetry ?? TimeSpan.FromSeconds(1);
        _maxRetry = maxRetry ?? TimeSpan.FromSeconds(30);
        Health = new LoopHealth($"carbon-to-{destination}", TimeSpan.MaxValue);
    }

    public string Destination { get; }

    public CarbonForwarderCounters Counters { get; } = new();

    /// <summary>Failing while carbon cannot be reached (the chunks wait in the buffer meanwhile).</summary>
    public LoopHealth Health { get; }

    public async Task RunAsync(CancellationToken stopping)
    {
        var retry = 0;
        var batch = new PointBatch(4096);
        var output = new ArrayBufferWriter<byte>(1 << 20);
        while (!stopping.IsCancellationRequested)
        {
            QueuedChunk? inHand = null;
            Task? closed = null;
            try
            {
                var stream = await _connect(stopping).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    closed = WatchForCloseAsync(stream);
                    Interlocked.Increment(ref Counters.Connections);
                    Interlocked.Exchange(ref Counters.Connected, 1);
                    Health.Succeeded();
                    if (retry > 0)
                    {
                        _log($"carbon {Destination}: connected again after {retry} attempts; sending the backlog");
                    }

                    retry = 0;
                    while (true)
                    {
                        inHand = await _source.NextAsync(stopping).ConfigureAwait(false);
                        if (closed.IsCompleted)
                        {
                            // carbon went away while nothing was to send: a write would still be taken by the kernel
                            // (the reset comes after it), and the chunk would be lost. It goes back instead.
                            throw new IOException("carbon closed the connection");
                        }

                        if (!TryEncode(inHand, batch, output))
                        {
                            inHand = null;
                            continue;
                        }

                        await stream.WriteAsync(output.WrittenMemory, stopping).ConfigureAwait(false);
                        await stream.FlushAsync(stopping).ConfigureAwait(false);
                        Interlocked.Increment(ref Counters.ChunksSent);
                        Interlocked.Add(ref Counters.PointsSent, batch.Count);
                        Interlocked.Add(ref Counters.BytesSent, output.WrittenCount);
                        _source.Acknowledge(inHand.Id);
                        inHand = null;
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (inHand is not null)
                {
                    _source.Release(inHand.Id);
                }

                await WaitQuietlyAsync(closed).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or TimeoutException)
            {
                if (inHand is not null)
                {
                    _source.Release(inHand.Id);
                }

                await WaitQuietlyAsync(closed).ConfigureAwait(false);
                Interlocked.Exchange(ref Counters.Connected, 0);
                Interlocked.Increment(ref Counters.ConnectionFailures);
                retry++;
                Interlocked.Increment(ref Counters.Retries);
                var delay = ForwardBackoff.Delay(retry, _firstRetry, _maxRetry, 0.125, Random.Shared.NextDouble());
                Health.Failed($"carbon {Destination} unreachable: {ex.Message}");
                if (retry == 1 || (retry & (retry - 1)) == 0)
                {
                    _log($"carbon {Destination}: {ex.Message}; retry {retry} in {delay.TotalSeconds:F1} s, the chunks wait in the buffer");
                }

                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Reads the connection until carbon closes or resets it. carbon never sends anything, so the read completes only
    /// then (or when the stream is disposed): what is read is ignored. Seeing the close before writing is what keeps a
    /// chunk taken after carbon stopped from being written into a dead connection and counted as sent.
    /// </summary>
    private static async Task WatchForCloseAsync(Stream stream)
    {
        var ignored = new byte[512];
        try
        {
            while (await stream.ReadAsync(ignored).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
        }
    }

    /// <summary>The close watcher ends once its stream is disposed; waited for so that no read outlives the connection.</summary>
    private static async Task WaitQuietlyAsync(Task? watcher)
    {
        if (watcher is not null)
        {
            await watcher.ConfigureAwait(false);
        }
    }

    /// <summary>Opens a chunk and writes it in carbon's protocol; a chunk that does not open is set aside.</summary>
    private bool TryEncode(QueuedChunk chunk, PointBatch batch, ArrayBufferWriter<byte> output)
    {
        batch.Clear();
        output.ResetWrittenCount();
        try
        {
            ChunkPayload.Open(chunk.Payload.Span, batch);
        }
        catch (ChunkFormatException ex)
        {
            Interlocked.Increment(ref Counters.ChunksRejected);
            _log($"carbon {Destination}: chunk {chunk.Id} is damaged ({ex.Message}); set aside");
            _source.Reject(chunk.Id, ex.Message);
            return false;
        }

        if (_protocol == CarbonProtocol.Pickle)
        {
            PicklePointWriter.WriteFrames(output, batch);
        }
        else
        {
            PlaintextLineWriter.WriteLines(output, batch);
        }

        return true;
    }
}
