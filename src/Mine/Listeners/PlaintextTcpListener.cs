using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Mine.Ingestion;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>Graphite plaintext over TCP (carbon's line receiver): bad lines are counted and skipped, never fatal.</summary>
public sealed class PlaintextTcpListener(IPEndPoint endPoint, IngestPipeline pipeline, ListenerCounters counters, ILogger<PlaintextTcpListener> logger)
    : TcpIngestListener(endPoint, pipeline, counters, logger)
{
    private readonly RateLimitedRejectLog _rejects = new(logger, "plaintext/tcp", TimeSpan.FromSeconds(10));

    protected override async Task ProcessConnectionAsync(Socket client, string remote, CancellationToken stoppingToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        var parse = new PlaintextCounters { Sample = new RejectedInputSample() };
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, stoppingToken).ConfigureAwait(false);
                filled += read;
                var final = read == 0;
                var batch = Pipeline.RentBatch();
                var before = parse;
                var consumed = PlaintextParser.ParseLines(buffer.AsSpan(0, filled), final, NowSeconds(), batch, ref parse);
                Counters.AddPlaintext(before, parse);
                await Pipeline.SubmitAsync(batch, Counters, stoppingToken).ConfigureAwait(false);
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                _rejects.Report(parse.Sample, remote);
                if (final)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
