using Mine.Core.Diagnostics;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Hosting;
using Mine.Ingestion;

namespace Mine.Listeners;

/// <summary>
/// Accept loop shared by the TCP line protocols. Plain sockets instead of Kestrel connection handlers: the parsers
/// want large contiguous buffers rather than a pipe's 4 KiB segments, and nothing here speaks HTTP.
/// Each connection runs on its own task; a slow or broken client only ever blocks itself. No client can take the
/// listener down: connections beyond the caps (per listener, in total, per remote address) are accepted and closed
/// at once so the backlog never fills, connections idle past the timeout are closed, an accept() error (EMFILE,
/// ENFILE, ENOBUFS…) is retried with backoff, and the loop itself runs under the <see cref="LoopSupervisor"/>.
/// </summary>
public abstract class TcpIngestListener : BackgroundService, IIngestListener
{
    private readonly IPEndPoint _endPoint;
    private readonly LoopSupervisor _supervisor;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<TcpConnection, Task> _open = new();
    private readonly LogThrottle _refusedLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _acceptErrorLog = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _idleLog = new(TimeSpan.FromSeconds(60));
    private Socket? _socket;

    protected TcpIngestListener(IPEndPoint endPoint, IPointIntake pipeline, ListenerCounters counters, TcpListenerSettings settings, LoopSupervisor supervisor, ILogger logger)
    {
        _endPoint = endPoint;
        _supervisor = supervisor;
        Pipeline = pipeline;
        Counters = counters;
        Settings = settings;
        Logger = logger;
        Health = new LoopHealth($"{counters.Protocol}-{counters.Transport}-listener", TimeSpan.MaxValue);
    }

    protected IPointIntake Pipeline { get; }

    public ListenerCounters Counters { get; }

    protected TcpListenerSettings Settings { get; }

    protected ILogger Logger { get; }

    /// <summary>The accept loop's liveness. It waits on the kernel, so it has no stall time: it can only fail or die.</summary>
    public LoopHealth Health { get; }

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
            _socket.Dispose();
            throw ListenFailure.Exception(Counters.Protocol, "tcp", _endPoint, ex);
        }

        _socket.Listen(512);
        _supervisor.Registry.Register(Health, LoopImportance.Critical);
        _started.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweeper = Settings.IdleTimeout > TimeSpan.Zero ? SweepIdleAsync(stoppingToken) : Task.CompletedTask;
        try
        {
            await _supervisor.RunAsync(Health, LoopImportance.Critical, AcceptLoopAsync, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _socket?.Dispose();
            await Task.WhenAll(_open.Values).ConfigureAwait(false);
            await sweeper.ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(10);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (SocketException ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Out of file descriptors or kernel buffers: the pending connection stays in the backlog; wait for
                // connections to close and try again, never give up the listener.
                Interlocked.Increment(ref Counters.AcceptErrors);
                Health.Failed($"accept failed: {ex.SocketErrorCode} ({ex.Message})");
                if (_acceptErrorLog.ShouldLog(out var suppressed))
                {
                    Logger.LogError("{Protocol}/tcp: accept failed ({Error}: {Message}); retrying in {Delay} ms ({Suppressed} more failures since the last line). Raise the open-files limit or lower Mine:MaxConnections.",
                        Counters.Protocol, ex.SocketErrorCode, ex.Message, (int)backoff.TotalMilliseconds, suppressed);
                }

                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
                continue;
            }

            backoff = TimeSpan.FromMilliseconds(10);
            Health.Succeeded();
            Admit(client, stoppingToken);
        }
    }

    private void Admit(Socket client, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref Counters.Connections);
        var address = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        ConnectionRefusal refusal;
        var admitted = Interlocked.Read(ref Counters.ActiveConnections) < Settings.MaxConnectionsPerListener || Settings.MaxConnectionsPerListener <= 0;
        if (!admitted)
        {
            refusal = ConnectionRefusal.ListenerFull;
        }
        else
        {
            admitted = Settings.Gate.TryEnter(address, out refusal);
        }

        if (!admitted)
        {
            Refuse(client, address, refusal);
            return;
        }

        client.NoDelay = true;
        Interlocked.Increment(ref Counters.ActiveConnections);
        var connection = new TcpConnection(client, address);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open[connection] = gate.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunConnectionAsync(connection, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                _open.TryRemove(connection, out _);
                gate.TrySetResult();
            }
        }, CancellationToken.None);
    }

    private void Refuse(Socket client, IPAddress address, ConnectionRefusal refusal)
    {
        Interlocked.Increment(ref Counters.ConnectionsRefused[(int)refusal]);
        try
        {
            // Reset rather than a graceful close: no TIME_WAIT kept here for a client being turned away.
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        client.Dispose();
        if (_refusedLog.ShouldLog(out var suppressed))
        {
            var (cap, option) = refusal switch
            {
                ConnectionRefusal.ListenerFull => (Settings.MaxConnectionsPerListener, "Mine:MaxConnectionsPerListener"),
                ConnectionRefusal.TotalFull => (Settings.Gate.MaxTotal, "Mine:MaxConnections"),
                _ => (Settings.Gate.MaxPerSource, "Mine:MaxConnectionsPerSource"),
            };
            Logger.LogWarning("{Protocol}/tcp: connection from {Address} closed at once: {Option} ({Cap}) reached ({Suppressed} more refused since the last line)",
                Counters.Protocol, address, option, cap, suppressed);
        }
    }

    private async Task RunConnectionAsync(TcpConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            using (connection.Socket)
            {
                await ProcessConnectionAsync(connection, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (!connection.ClosedAsIdle)
            {
                Logger.LogDebug("{Protocol} connection from {Remote} ended: {Message}", Counters.Protocol, connection.Remote, ex.Message);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The boundary where a bug in a parser must not take the server down: log, drop this connection only.
            Logger.LogError(ex, "{Protocol} connection from {Remote} failed", Counters.Protocol, connection.Remote);
        }
        finally
        {
            Interlocked.Decrement(ref Counters.ActiveConnections);
            Settings.Gate.Leave(connection.Address);
        }
    }

    private async Task SweepIdleAsync(CancellationToken stoppingToken)
    {
        var idleMs = (long)Settings.IdleTimeout.TotalMilliseconds;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(idleMs / 4, 50, 30_000));
        try
        {
            using var timer = new PeriodicTimer(period);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                foreach (var connection in _open.Keys)
                {
                    if (connection.IsIdle(now, idleMs) && connection.CloseAsIdle())
                    {
                        Interlocked.Increment(ref Counters.IdleClosed);
                        if (_idleLog.ShouldLog(out var suppressed))
                        {
                            Logger.LogInformation("{Protocol}/tcp: closed {Remote}, idle for more than {Seconds} s ({Suppressed} more since the last line)",
                                Counters.Protocol, connection.Remote, Settings.IdleTimeout.TotalSeconds, suppressed);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads and parses one connection until it closes; every parsed point goes through the pipeline.</summary>
    protected abstract Task ProcessConnectionAsync(TcpConnection connection, CancellationToken stoppingToken);

    protected static long NowSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
