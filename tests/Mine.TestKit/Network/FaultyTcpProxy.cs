using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mine.TestKit.Network;

/// <summary>
/// A TCP proxy on 127.0.0.1 for tests of what a link does to a protocol: it forwards each accepted connection to
/// <see cref="Target"/> and applies a <see cref="ProxyFault"/> to it: reset after so many bytes one way (a lost
/// acknowledgement), black-hole (a dead link that sends no reset), slow, or reset at once (a server that is down).
/// The fault of a connection is chosen when it is accepted (<see cref="FaultForConnection"/>, by its index) and
/// can be changed for every open connection at once (<see cref="SetFault"/>).
/// </summary>
public sealed class FaultyTcpProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _open = new();
    private readonly Task _acceptLoop;
    private int _accepted;
    private long _cuts;

    public FaultyTcpProxy(IPEndPoint target)
    {
        Target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Where connections accepted from now on go (a restarted server may listen elsewhere).</summary>
    public IPEndPoint Target { get; set; }

    /// <summary>The fault of the connection accepted with this index (0 for the first).</summary>
    public Func<int, ProxyFault> FaultForConnection { get; set; } = _ => ProxyFault.None;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections open now.</summary>
    public int Open => _open.Count;

    /// <summary>Connections reset by a fault (cut, reset on connect) or by <see cref="ResetAll"/>.</summary>
    public long Cuts => Interlocked.Read(ref _cuts);

    /// <summary>Applies <paramref name="fault"/> to every open connection now and to every new one.</summary>
    public void SetFault(ProxyFault fault)
    {
        FaultForConnection = _ => fault;
        foreach (var connection in _open.Keys)
        {
            connection.Fault = fault;
        }
    }

    /// <summary>Resets every open connection, both sides.</summary>
    public void ResetAll()
    {
        foreach (var connection in _open.Keys)
        {
            Cut(connection);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var index = Interlocked.Increment(ref _accepted) - 1;
            _ = Task.Run(() => RunAsync(client, FaultForConnection(index), stopping), CancellationToken.None);
        }
    }

    private async Task RunAsync(Socket client, ProxyFault fault, CancellationToken stopping)
    {
        client.NoDelay = true;
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new ProxiedConnection(client, server) { Fault = fault };
        if (fault.ResetOnAccept)
        {
            Cut(connection);
            return;
        }

        try
        {
            await server.ConnectAsync(Target, stopping);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Cut(connection); // the target is down: the client sees a reset, as it would without the proxy
            return;
        }

        _open[connection] = 0;
        try
        {
            await Task.WhenAll(
                PumpAsync(connection, client, server, ProxyDirection.ToServer, stopping),
                PumpAsync(connection, server, client, ProxyDirection.ToClient, stopping));
        }
        finally
        {
            _open.TryRemove(connection, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(ProxiedConnection connection, Socket from, Socket to, ProxyDirection direction, CancellationToken stopping)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send); // pass the half-close on
                    return;
                }

                var fault = connection.Fault;
                var passed = connection.Passed(direction);
                var allowed = read;
                var cut = false;
                if (fault.SwallowAfterFor(direction) is { } swallowFrom && passed + read > swallowFrom)
                {
                    allowed = (int)Math.Max(0, swallowFrom - passed);
                }

                if (fault.CutAfterFor(direction) is { } limit && passed + allowed > limit)
                {
                    allowed = (int)Math.Max(0, limit - passed);
                    cut = true;
                }

                await SendAsync(to, buffer.AsMemory(0, allowed), fault.BytesPerSecond, stopping);
                connection.Add(direction, allowed);
                if (cut)
                {
                    Cut(connection);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Cut(connection); // one side went away: so does the other, as the link is gone
        }
    }

    private static async Task SendAsync(Socket to, ReadOnlyMemory<byte> data, int? bytesPerSecond, CancellationToken stopping)
    {
        if (bytesPerSecond is not { } rate)
        {
            while (!data.IsEmpty)
            {
                var sent = await to.SendAsync(data, SocketFlags.None, stopping);
                data = data[sent..];
            }

            return;
        }

        var slice = Math.Max(1, rate / 20);
        while (!data.IsEmpty)
        {
            var part = data[..Math.Min(slice, data.Length)];
            await to.SendAsync(part, SocketFlags.None, stopping);
            data = data[part.Length..];
            await Task.Delay(50, stopping);
        }
    }

    private void Cut(ProxiedConnection connection)
    {
        if (!connection.TryClose())
        {
            return;
        }

        Interlocked.Increment(ref _cuts);
        foreach (var socket in new[] { connection.Client, connection.Server })
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0); // a reset, not a FIN
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        ResetAll();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private sealed class ProxiedConnection(Socket client, Socket server)
    {
        private long _toServer;
        private long _toClient;
        private int _closed;

        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public volatile ProxyFault Fault = ProxyFault.None;

        public long Passed(ProxyDirection direction) => direction == ProxyDirection.ToServer ? Interlocked.Read(ref _toServer) : Interlocked.Read(ref _toClient);

        public void Add(ProxyDirection direction, long bytes) => Interlocked.Add(ref direction == ProxyDirection.ToServer ? ref _toServer : ref _toClient, bytes);

        public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;
    }
}
