using System.Net;
using System.Net.Sockets;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>A client pointed at something that is not a forward receiver of its version says what it found.</summary>
public sealed class ForwardClientHandshakeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_destination_that_answers_nothing_is_suspected_of_not_being_a_forward_listener()
    {
        await using var server = new ScriptedServer(_ => Task.Delay(Timeout.Infinite));

        var status = await FirstFailureAsync(server.EndPoint);

        Assert.Contains("did not answer the forward hello within 1 s: is it a forward listener", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_answers_HTTP_is_named()
    {
        await using var server = new ScriptedServer(socket => socket.SendAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray()));

        var status = await FirstFailureAsync(server.EndPoint);

        Assert.Contains("which looks like HTTP", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_without_a_common_version_asks_for_an_upgrade()
    {
        await using var server = new ScriptedServer(socket => socket.SendAsync(new ForwardHello(3, 4, 0, 1 << 20).ToArray()));

        var status = await FirstFailureAsync(server.EndPoint);

        Assert.Contains("the destination speaks forward protocol versions 3 to 4, this Mine 1 to 1: upgrade the older one", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destination_that_closes_at_once_is_a_failure_retried_with_backoff()
    {
        // Reads the hello first: closing with unread data would be a reset, not the close this test is about.
        await using var server = new ScriptedServer(async socket => await socket.ReceiveAsync(new byte[ForwardHello.Size]));

        var status = await FirstFailureAsync(server.EndPoint);

        Assert.Contains("closed the connection before its forward hello", status.LastError, StringComparison.Ordinal);
    }

    private async Task<ForwardClientStatus> FirstFailureAsync(IPEndPoint endPoint)
    {
        var log = new TestLog(output);
        using var source = new FakeChunkSource([TestChunks.Make(1)]);
        var client = new ForwardClient("scripted", source, ForwardTcp.Connector("127.0.0.1", endPoint.Port), ForwardRig.QuickToGiveUp, log.Log);
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        await ForwardRig.WaitUntil(() => client.Counters.ConnectionFailures >= 1, "the client has failed once");
        var status = client.Status();
        await stop.CancelAsync();
        await run;
        Assert.Equal(0, client.Counters.Connections);
        Assert.Empty(source.Violations);
        Assert.Equal(0, source.InFlight);
        Assert.NotNull(status.DownSince);
        return status;
    }

    /// <summary>Accepts connections and runs a script on each (then closes it).</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public ScriptedServer(Func<Socket, Task> script)
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen();
            EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (socket)
                        {
                            await script(socket).WaitAsync(_stop.Token);
                        }
                    });
                }
            });
        }

        public IPEndPoint EndPoint { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            await Task.WhenAny(_loop);
            _stop.Dispose();
        }
    }
}
