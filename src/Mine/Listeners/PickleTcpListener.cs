using Mine.Core.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Mine.Hosting;
using Mine.Ingestion;
using Mine.Protocols.Graphite;
using Mine.Protocols.Pickle;

namespace Mine.Listeners;

/// <summary>
/// Graphite pickle over TCP: length-prefixed frames through a restricted unpickler. A frame that does not unpickle
/// is counted and skipped; a frame longer than 1 MiB cannot be skipped safely, so the connection is closed. The
/// buffer grows only as far as the frame being received needs (and the shared budget allows: beyond it, the
/// connection is closed, and its sender reconnects and sends again), and shrinks back once the frame is parsed.
/// </summary>
public sealed class PickleTcpListener(IPEndPoint endPoint, IPointIntake pipeline, ListenerCounters counters, TcpListenerSettings settings, LoopSupervisor supervisor,
    ILogger<PickleTcpListener> logger)
    : TcpIngestListener(endPoint, pipeline, counters, settings, supervisor, logger)
{
    internal const int InitialBufferBytes = 32 * 1024;

    private readonly RateLimitedRejectLog _rejects = new(logger, "pickle/tcp", TimeSpan.FromSeconds(10));
    private readonly LogThrottle _budgetLog = new(TimeSpan.FromSeconds(10));

    protected override async Task ProcessConnectionAsync(TcpConnection connection, CancellationToken stoppingToken)
    {
        using var buffer = new ConnectionBuffer(Settings.Budget, InitialBufferBytes);
        var parse = new PickleCounters { Sample = new RejectedInputSample() };
        while (true)
        {
            if (!buffer.Held)
            {
                await connection.WaitForDataAsync(stoppingToken).ConfigureAwait(false);
                buffer.Hold();
            }

            if (buffer.Filled == buffer.Capacity && !GrowForFrame(buffer, connection))
            {
                return;
            }

            var room = buffer.Capacity - buffer.Filled;
            var read = await connection.ReceiveAsync(buffer.Free, stoppingToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            buffer.Filled += read;
            var batch = Pipeline.RentBatch();
            var before = parse;
            var consumed = 0;
            var status = ReadFrames(buffer.Data, batch, ref parse, ref consumed);
            Counters.AddPickle(before, parse);
            await Pipeline.SubmitAsync(batch, Counters, connection.Source, stoppingToken).ConfigureAwait(false);
            _rejects.Report(parse.Sample, connection.Remote);
            if (status == PickleFrameStatus.FrameTooLarge)
            {
                Interlocked.Increment(ref Counters.OversizedFrames);
                Interlocked.Increment(ref Counters.Invalid);
                Logger.LogWarning("pickle/tcp: frame from {Remote} declares more than {Max} bytes; closing the connection", connection.Remote, PickleFrameDecoder.MaxFrameBytes);
                return;
            }

            buffer.Consume(consumed);
            if (read < room / 4 || buffer.Filled == 0)
            {
                buffer.Shrink();
                buffer.ReleaseIfEmpty();
            }
        }
    }

    /// <summary>The buffer is full of one unfinished frame: doubles it, up to what the frame declares.</summary>
    private bool GrowForFrame(ConnectionBuffer buffer, TcpConnection connection)
    {
        var declared = buffer.Filled >= PickleFrameDecoder.HeaderLength
            ? (long)PickleFrameDecoder.ReadDeclaredLength(buffer.Data) + PickleFrameDecoder.HeaderLength
            : (long)buffer.Capacity * 2;
        var target = (int)Math.Min(Math.Min(declared, (long)buffer.Capacity * 2), PickleFrameDecoder.MaxFrameBytes + PickleFrameDecoder.HeaderLength);
        if (buffer.TryGrow(Math.Max(target, buffer.Capacity + 1)))
        {
            return true;
        }

        Interlocked.Increment(ref Counters.BufferBudgetClosed);
        if (_budgetLog.ShouldLog(out var suppressed))
        {
            Logger.LogWarning("pickle/tcp: closing {Remote}: its {Declared}-byte frame does not fit in Mine:ConnectionBufferBudgetMiB with {InUse} bytes held by other connections ({Suppressed} more since the last line)",
                connection.Remote, declared, Settings.Budget.InUse, suppressed);
        }

        return false;
    }

    private static PickleFrameStatus ReadFrames(ReadOnlySpan<byte> data, Core.Series.PointBatch batch, ref PickleCounters parse, ref int consumed)
    {
        while (true)
        {
            var status = PickleFrameDecoder.TryReadFrame(data[consumed..], out var payload, out var frameLength);
            if (status != PickleFrameStatus.Complete)
            {
                return status;
            }

            PickleParser.ParsePayload(payload, NowSeconds(), batch, ref parse);
            consumed += frameLength;
        }
    }
}
