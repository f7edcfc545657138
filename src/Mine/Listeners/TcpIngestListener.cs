using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Ingestion;

namespace Mine.Listeners;

/// <summary>
/// Accept loop shared by the TCP line protocols. Plain sockets instead of Kestrel connection handlers: the parsers
/// want large contiguous buffers (256 KiB) rather than a pipe's 4 KiB segments, and nothing here speaks HTTP.
/// Each connection runs on its own task; a slow or broken client only ever blocks itself.
/// </summary>
public abstract class TcpIngestListener : BackgroundService, IIngestListener
{
    protected const int ReceiveBufferBytes = 256 * 1024;

    private readonly IPEndPoint _endPoint;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _socket;

    protected TcpIngestListener(IPEndPoint endPoint, IngestPipeline pipeline, ListenerCounters counters, ILogger logger)
    {
        _endPoint = endPoint;
        Pipeline = pipeline;
        Counters = counters;
        Logger = logger;
    }

    protected IngestPipeline Pipeline { get; }

    public ListenerCounters Counters { get; }

    protected ILogger Logger { get; }

    /// <summary>Completes once the socket is bound and listening (used by /health).</summary>
    public Task Started => _started.Task;

    public IPEndPoint? BoundEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bind synchronously so a port conflict fails start-up with a clear message instead of a silent dead listener.
        _socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            _socket.Bind(_endPoint);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Cannot listen for {Counters.Protocol} on tcp {_endPoint}: {ex.Message}. Choose another address or 'off'.", ex);
        }

        _socket.Listen(512);
        _started.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connections = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await _socket!.AcceptAsync(stoppingToken).ConfigureAwait(false);
                client.NoDelay = true;
                Interlocked.Increment(ref Counters.Connections);
                connections.RemoveAll(static t => t.IsCompleted);
                connections.Add(Task.Run(() => RunConnectionAsync(client, stoppingToken), CancellationToken.None));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _socket?.Dispose();
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task RunConnectionAsync(Socket client, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref Counters.ActiveConnections);
        var remote = client.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            using (client)
            {
                await ProcessConnectionAsync(client, remote, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException ex)
        {
            Logger.LogDebug("{Protocol} connection from {Remote} ended: {Message}", Counters.Protocol, remote, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The boundary where a bug in a parser must not take the server down: log, drop this connection only.
            Logger.LogError(ex, "{Protocol} connection from {Remote} failed", Counters.Protocol, remote);
        }
        finally
        {
            Interlocked.Decrement(ref Counters.ActiveConnections);
        }
    }

    /// <summary>Reads and parses one connection until it closes; every parsed point goes through the pipeline.</summary>
    protected abstract Task ProcessConnectionAsync(Socket client, string remote, CancellationToken stoppingToken);

    protected static long NowSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
