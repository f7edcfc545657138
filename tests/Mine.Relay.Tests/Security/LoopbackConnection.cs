using System.Net;
using System.Net.Sockets;

namespace Mine.Relay.Tests.Security;

/// <summary>A real TCP connection over loopback: both ends' streams and the client's address as the server sees it.</summary>
public sealed class LoopbackConnection : IDisposable
{
    private LoopbackConnection(TcpClient client, Socket accepted)
    {
        Client = client;
        ClientStream = client.GetStream();
        ServerStream = new NetworkStream(accepted, ownsSocket: true);
        Peer = accepted.RemoteEndPoint!.ToString()!;
    }

    public TcpClient Client { get; }

    public NetworkStream ClientStream { get; }

    public NetworkStream ServerStream { get; }

    public string Peer { get; }

    public static async Task<LoopbackConnection> OpenAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accepting = listener.AcceptSocketAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new LoopbackConnection(client, await accepting);
        }
        finally
        {
            listener.Stop();
        }
    }

    public void Dispose()
    {
        ClientStream.Dispose();
        ServerStream.Dispose();
        Client.Dispose();
    }
}
