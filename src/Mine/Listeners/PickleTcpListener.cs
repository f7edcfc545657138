using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mine.Ingestion;
using Mine.Protocols.Graphite;
using Mine.Protocols.Pickle;

namespace Mine.Listeners;

/// <summary>
/// Graphite pickle over TCP: length-prefixed frames through a restricted unpickler. A frame that does not unpickle
/// is counted and skipped; a frame longer than 1 MiB cannot be skipped safely, so the connection is closed.
/// </summary>
public sealed class PickleTcpListener(IPEndPoint endPoint, IngestPipeline pipeline, ListenerCounters counters, ILogger<PickleTcpListener> logger)
    : TcpIngestListener(endPoint, pipeline, counters, logger)
{
    private readonly RateLimitedRejectLog _rejects = new(logger, "pickle/tcp", TimeSpan.FromSeconds(10));

    protected override async Task ProcessConnectionAsync(Socket client, string remote, CancellationToken stoppingToken)
    {
        // A whole maximum-size frame must fit, plus room to read the next one's start.
        var buffer = ArrayPool<byte>.Shared.Rent(PickleFrameDecoder.MaxFrameBytes + PickleFrameDecoder.HeaderLength + ReceiveBufferBytes);
        var parse = new PickleCounters { Sample = new RejectedInputSample() };
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, stoppingToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var batch = Pipeline.RentBatch();
                var before = parse;
                var consumed = 0;
                var status = ReadFrames(buffer.AsSpan(0, filled), batch, ref parse, ref consumed);
                Counters.AddPickle(before, parse);
                await Pipeline.SubmitAsync(batch, Counters, stoppingToken).ConfigureAwait(false);
                _rejects.Report(parse.Sample, remote);
                if (status == PickleFrameStatus.FrameTooLarge)
                {
                    Interlocked.Increment(ref Counters.OversizedFrames);
                    Interlocked.Increment(ref Counters.Invalid);
                    Logger.LogWarning("pickle/tcp: frame from {Remote} declares more than {Max} bytes; closing the connection", remote, PickleFrameDecoder.MaxFrameBytes);
                    return;
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
