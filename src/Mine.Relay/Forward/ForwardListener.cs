using Mine.Core.Diagnostics;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mine.Core.Health;

namespace Mine.Relay.Forward;

/// <summary>
/// Accepts forward connections on a TCP endpoint and runs a <see cref="ForwardReceiver"/> on each, as Mine's other
/// TCP listeners do: bound synchronously (a port conflict fails the start with a clear message), each connection
/// on its own task, connections beyond the cap accepted and reset at once (so the backlog never fills), an accept()
/// error (EMFILE, ENOBUFS…) retried with a growing pause. Disposing it stops accepting, closes the connections and
/// waits for them: a store in progress is let finish for <see cref="ForwardReceiverOptions.StopGrace"/>, then cancelled.
/// </summary>
public sealed class ForwardListener : IAsyncDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly int _maxConnections;
    private readonly ForwardReceiverContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandonStores = new();
    private readonly ConcurrentDictionary<long, Task> _open = new();
    private readonly LogThrottle _acceptErrorLog = new(TimeSpan.FromSeconds(10));
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnection;
    private int _disposed;

    /// <param name="maxConnections">Connections held at most (relays are few; this guards against a flood).</param>
    public ForwardListener(IPEndPoint endPoint, ForwardReceiverContext context, int maxConnections = 256)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _endPoint = endPoint;
        _context = context;
        _maxConnections = maxConnections;
        Health = new LoopHealth("forward-listener", TimeSpan.MaxValue);
    }

    public ForwardReceiverCounters Counters => _context.Counters;

    /// <summary>The accept loop's liveness. It waits on the kernel, so it has no stall time: it can only fail or die.</summary>
    public LoopHealth Health { get; }

    /// <summary>Where it listens (with the port the system chose when the endpoint's was 0).</summary>
    public IPEndPoint LocalEndPoint => _socket?.LocalEndPoint as IPEndPoint ?? throw new InvalidOperationException("the forward listener is not started");

    /// <summary>Binds and starts accepting.</summary>
    public void Start()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("the forward listener is started already");
        }

        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowRebindOverTimeWait(socket);
            socket.Bind(_endPoint);
            socket.Listen(128);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Cannot listen for forwarded chunks on tcp {_endPoint}: {ex.Message}. Choose another address for --forward-listen.", ex);
        }

        _socket = socket;
        Health.Beat();
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// SO_REUSEADDR alone, so that a restarted receiver can bind while its old connections linger in TIME_WAIT. Not
    /// <see cref="SocketOptionName.ReuseAddress"/>: on Linux .NET sets SO_REUSEPORT with it, and two receivers on one
    /// port would then both bind and silently share the relays' connections (each with its own dedup window).
    /// </summary>
    private static void AllowRebindOverTimeWait(Socket socket)
    {
        // (SOL_SOCKET, SO_REUSEADDR) is (1, 2) on Linux and (0xFFFF, 4) on the BSDs; Windows needs nothing to rebind.
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(0xFFFF, 4, BitConverter.GetBytes(1));
        }
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.FromMilliseconds(10);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _socket!.AcceptAsync(stopping).ConfigureAwait(false);
                }
                catch (SocketException ex) when (!stopping.IsCancellationRequested)
                {
                    // Out of file descriptors or kernel buffers: the connection stays in the backlog; wait for others
                    // to close and try again, never give the listener up.
                    Health.Failed($"accept failed: {ex.SocketErrorCode} ({ex.Message})");
                    if (_acceptErrorLog.ShouldLog(out var suppressed))
                    {
                        _context.Log(ForwardLogLevel.Error, $"forward listener: accept failed ({ex.SocketErrorCode}: {ex.Message}); retrying in {backoff.TotalMilliseconds:0} ms ({suppressed} more failures since the last line). Raise the open-files limit.");
                    }

                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                    backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
                    continue;
                }

                backoff = TimeSpan.FromMilliseconds(10);
                Health.Succeeded();
                Admit(client, stopping);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Health.Died($"{ex.GetType().Name}: {ex.Message}");
            _context.Log(ForwardLogLevel.Error, $"forward listener: the accept loop failed, no more forward connections are accepted: {ex}");
            throw;
        }
        finally
        {
            if (stopping.IsCancellationRequested)
            {
                Health.Stopped();
            }
        }
    }

    private void Admit(Socket client, CancellationToken stopping)
    {
        Interlocked.Increment(ref Counters.Connections);
        var remote = client.RemoteEndPoint?.ToString() ?? "(unknown)";
        if (Interlocked.Read(ref Counters.ActiveConnections) >= _maxConnections)
        {
            Interlocked.Increment(ref Counters.Refused[(int)ForwardRefusal.ListenerFull]);
            _context.LogThrottled(_context.RefusedLog, ForwardLogLevel.Warning, $"forward connection from {remote} closed at once: the listener holds its maximum of {_maxConnections} connections");
            try
            {
                // Reset rather than a graceful close: no TIME_WAIT kept here for a client being turned away.
                client.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
            }

            client.Dispose();
            return;
        }

        client.NoDelay = true;
        Interlocked.Increment(ref Counters.ActiveConnections);
        var key = Interlocked.Increment(ref _nextConnection);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _open[key] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                var receiver = new ForwardReceiver(new NetworkStream(client, ownsSocket: true), remote, _context);
                await receiver.RunAsync(stopping, _abandonStores.Token).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref Counters.ActiveConnections);
                _open.TryRemove(key, out _);
                done.TrySetResult();
            }
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Logged and marked dead by the loop itself.
        }

        // A store cancelled after storage took its points (the ingest pipeline writes a batch it has queued whatever its
        // caller does) would leave them stored and the id unknown, and the chunk's resend would be stored again: stores
        // under way finish, their ids are recorded, and the resends are duplicates. Only a store that hangs (storage
        // refusing writes) is cancelled, after the grace.
        var open = Task.WhenAll(_open.Values);
        try
        {
            await open.WaitAsync(_context.Options.StopGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _context.Log(ForwardLogLevel.Warning, $"forward listener: stores still under way {_context.Options.StopGrace.TotalSeconds:0.###} s after the stop began are cancelled; if storage keeps their points anyway, their chunks are stored again when the relays resend them");
            await _abandonStores.CancelAsync().ConfigureAwait(false);
            await open.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _abandonStores.Dispose();
    }
}
