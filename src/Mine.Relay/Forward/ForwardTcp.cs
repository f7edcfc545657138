using System.Net.Sockets;

namespace Mine.Relay.Forward;

/// <summary>TCP connections for a <see cref="ForwardClient"/>: the connection factory of a plain-TCP destination, and
/// the one a TLS factory wraps.</summary>
public static class ForwardTcp
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> (names resolved at each attempt, so a moved
    /// destination is found again) with Nagle off (an acknowledgement must not wait for more to send) and TCP
    /// keep-alive on (a second line of defence behind the protocol's heartbeat).</summary>
    public static Func<CancellationToken, ValueTask<Stream>> Connector(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        return async cancellationToken =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}
