using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Ingestion;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>Graphite plaintext over UDP: each datagram is a block of lines; a trailing line without '\n' counts.</summary>
public sealed class PlaintextUdpListener(IPEndPoint endPoint, IngestPipeline pipeline, ListenerCounters counters, ILogger<PlaintextUdpListener> logger)
    : BackgroundService, IIngestListener
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RateLimitedRejectLog _rejects = new(logger, "plaintext/udp", TimeSpan.FromSeconds(10));
    private Socket? _socket;

    public ListenerCounters Counters { get; } = counters;

    public Task Started => _started.Task;

    public IPEndPoint? BoundEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 8 * 1024 * 1024; // absorb bursts while the pipeline is busy
        try
        {
            _socket.Bind(endPoint);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Cannot listen for plaintext on udp {endPoint}: {ex.Message}. Choose another address or 'off'.", ex);
        }

        _started.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[65536];
        var parse = new PlaintextCounters { Sample = new RejectedInputSample() };
        var any = new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                var batch = pipeline.RentBatch();
                var before = parse;
                PlaintextParser.ParseLines(buffer.AsSpan(0, received.ReceivedBytes), isFinalBlock: true, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), batch, ref parse);
                Counters.AddPlaintext(before, parse);
                await pipeline.SubmitAsync(batch, Counters, stoppingToken).ConfigureAwait(false);
                _rejects.Report(parse.Sample, received.RemoteEndPoint.ToString() ?? "?");
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _socket?.Dispose();
        }
    }
}
