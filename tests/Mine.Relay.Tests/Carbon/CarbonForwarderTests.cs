using System.Net;
using System.Net.Sockets;
using System.Text;
using Mine.Relay.Carbon;
using Mine.Relay.Forward;
using Mine.Relay.Tests.Forward;

namespace Mine.Relay.Tests.Carbon;

public sealed class CarbonForwarderTests
{
    [Fact]
    public async Task A_chunk_taken_after_carbon_closed_the_connection_waits_for_the_next_connection_instead_of_being_lost()
    {
        using var carbon = new TcpListener(IPAddress.Loopback, 0);
        carbon.Start();
        var port = ((IPEndPoint)carbon.LocalEndpoint).Port;
        var first = TestChunks.Make(1, points: 5);
        var second = TestChunks.Make(2, points: 5);
        using var source = new FakeChunkSource([first]);
        var forwarder = new CarbonForwarder($"127.0.0.1:{port}", source, ForwardTcp.Connector("127.0.0.1", port), CarbonProtocol.Plaintext,
            firstRetry: TimeSpan.FromMilliseconds(50), maxRetry: TimeSpan.FromMilliseconds(200));
        using var stopping = new CancellationTokenSource();
        var running = forwarder.RunAsync(stopping.Token);

        using (var connection = await carbon.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(5, await ReadLinesAsync(connection, 5));
        }

        // carbon has closed that connection (it stopped, and is back on the same port): the forwarder is idle in
        // NextAsync and learns of the close only from the connection itself.
        await Task.Delay(200);
        source.Add(second);
        using (var connection = await carbon.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(5, await ReadLinesAsync(connection, 5));
            await source.AllDone(TimeSpan.FromSeconds(10));
        }

        await stopping.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([first.Id, second.Id], source.Acknowledged);
        Assert.Empty(source.Violations);
        Assert.Equal(2, Interlocked.Read(ref forwarder.Counters.Connections));
    }

    /// <summary>Reads until <paramref name="lines"/> lines came (or 5 s passed); returns how many did.</summary>
    private static async Task<int> ReadLinesAsync(TcpClient connection, int lines)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (text.ToString().Count(c => c == '\n') < lines)
            {
                var read = await connection.GetStream().ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return text.ToString().Count(c => c == '\n');
    }
}
