using System.Net;
using Microsoft.Extensions.Logging;
using Mine.Hosting;
using Mine.Ingestion;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>Graphite plaintext over TCP (carbon's line receiver): bad lines are counted and skipped, never fatal.</summary>
public sealed class PlaintextTcpListener(IPEndPoint endPoint, IPointIntake pipeline, ListenerCounters counters, TcpListenerSettings settings, LoopSupervisor supervisor,
    ILogger<PlaintextTcpListener> logger)
    : TcpIngestListener(endPoint, pipeline, counters, settings, supervisor, logger)
{
    /// <summary>Starting buffer: holds the longest line carbon accepts, so parsing always makes progress.</summary>
    internal const int InitialBufferBytes = 32 * 1024;

    /// <summary>A sender that fills its buffer gets up to this much (fewer, larger batches), within the budget.</summary>
    internal const int MaxBufferBytes = 256 * 1024;

    private readonly RateLimitedRejectLog _rejects = new(logger, "plaintext/tcp", TimeSpan.FromSeconds(10));

    protected override async Task ProcessConnectionAsync(TcpConnection connection, CancellationToken stoppingToken)
    {
        using var buffer = new ConnectionBuffer(Settings.Budget, InitialBufferBytes);
        var parse = new PlaintextCounters { Sample = new RejectedInputSample() };
        while (true)
        {
            if (!buffer.Held)
            {
                // An idle connection holds no buffer: wait for data first.
                await connection.WaitForDataAsync(stoppingToken).ConfigureAwait(false);
                buffer.Hold();
            }

            var room = buffer.Capacity - buffer.Filled;
            var read = await connection.ReceiveAsync(buffer.Free, stoppingToken).ConfigureAwait(false);
            buffer.Filled += read;
            var final = read == 0;
            var batch = Pipeline.RentBatch();
            var before = parse;
            var consumed = PlaintextParser.ParseLines(buffer.Data, final, NowSeconds(), batch, ref parse);
            Counters.AddPlaintext(before, parse);
            await Pipeline.SubmitAsync(batch, Counters, connection.Source, stoppingToken).ConfigureAwait(false);
            buffer.Consume(consumed);
            _rejects.Report(parse.Sample, connection.Remote);
            if (final)
            {
                return;
            }

            if (read == room && buffer.Capacity < MaxBufferBytes)
            {
                buffer.TryGrow(Math.Min(buffer.Capacity * 2, MaxBufferBytes));
            }
            else if (read < buffer.Capacity / 4)
            {
                // A quiet sender: give a grown buffer back, and any buffer once it holds no partial line.
                buffer.Shrink();
                buffer.ReleaseIfEmpty();
            }
        }
    }
}
