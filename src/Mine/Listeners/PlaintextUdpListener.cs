using Mine.Core.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Hosting;
using Mine.Ingestion;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>Graphite plaintext over UDP: each datagram is a block of lines; a trailing line without '\n' counts.
/// UDP cannot push back: while the ingest queue stays full (storage lagging or refusing writes) datagrams are
/// counted as dropped instead of blocking the socket.</summary>
public sealed class PlaintextUdpListener(IPEndPoint endPoint, IPointIntake pipeline, ListenerCounters counters, LoopSupervisor supervisor, ILogger<PlaintextUdpListener> logger)
    : BackgroundService, IIngestListener
{
    /// <summary>How long a datagram's batch may wait for room in the queue before it is dropped.</summary>
    internal static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RateLimitedRejectLog _rejects = new(logger, "plaintext/udp", TimeSpan.FromSeconds(10));
    private readonly LogThrottle _receiveErrors = new(TimeSpan.FromSeconds(10));
    private Socket? _socket;

    public ListenerCounters Counters { get; } = counters;

    public Task Started => _started.Task;

    public IPEndPoint? BoundEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    /// <summary>The receive loop's liveness (it waits on the kernel: no stall time).</summary>
    public LoopHealth Health { get; } = new("plaintext-udp-listener", TimeSpan.MaxValue);

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
            _socket.Dispose();
            throw ListenFailure.Exception("plaintext", "udp", endPoint, ex);
        }

        supervisor.Registry.Register(Health, LoopImportance.Critical);
        _started.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await supervisor.RunAsync(Health, LoopImportance.Critical, ReceiveLoopAsync, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _socket?.Dispose();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stoppingToken)
    {
        var buffer = new byte[65536];
        var parse = new PlaintextCounters { Sample = new RejectedInputSample() };
        var any = new IPEndPoint(endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var sources = new SourceNames();
        while (!stoppingToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (!stoppingToken.IsCancellationRequested)
            {
                ReportReceiveError(ex);
                await Task.Delay(10, stoppingToken).ConfigureAwait(false);
                continue;
            }

            Health.Succeeded();
            var batch = pipeline.RentBatch();
            var before = parse;
            PlaintextParser.ParseLines(buffer.AsSpan(0, received.ReceivedBytes), isFinalBlock: true, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), batch, ref parse);
            Counters.AddPlaintext(before, parse);
            var source = sources.Of(received.RemoteEndPoint);
            await pipeline.SubmitOrDropAsync(batch, Counters, source, QueueWait, stoppingToken).ConfigureAwait(false);
            _rejects.Report(parse.Sample, received.RemoteEndPoint.ToString() ?? "?");
        }
    }

    private void ReportReceiveError(SocketException ex)
    {
        Health.Failed($"receive failed: {ex.SocketErrorCode}");
        if (_receiveErrors.ShouldLog(out var suppressed))
        {
            logger.LogWarning("plaintext/udp: receive failed ({Error}: {Message}); continuing ({Suppressed} more since the last line)", ex.SocketErrorCode, ex.Message, suppressed);
        }
    }
}

/// <summary>The source name (address text) of a datagram's sender, remembered for the last sender so a stream of
/// datagrams from one host does not format its address each time.</summary>
internal sealed class SourceNames
{
    private EndPoint? _last;
    private string _name = "";

    public string Of(EndPoint remote)
    {
        if (_last is not null && _last.Equals(remote))
        {
            return _name;
        }

        _last = remote;
        var address = (remote as IPEndPoint)?.Address;
        _name = address is null ? remote.ToString() ?? "?" : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        return _name;
    }
}
