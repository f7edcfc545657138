using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mine.Storage.Engine;
using Mine.TestKit.Graphite;

namespace Mine.Server.Tests.Ingest;

/// <summary>One client cannot take the server down: connection caps, per-address fairness, idle timeout, and the
/// buffer budget, each with real sockets.</summary>
public class ConnectionGuardTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Connections_beyond_the_total_cap_are_closed_at_once_and_ingest_goes_on()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxConnections"] = "20" });
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 60; i++)
            {
                var client = new TcpClient();
                clients.Add(client);
                await ConnectTolerantAsync(client, i % 2 == 0 ? server.PlaintextTcp : server.Pickle);
            }

            await server.WaitForMetricAsync("mine_tcp_connections_open", 20);
            await IngestWaits.UntilAsync(async () =>
                await server.MetricAsync("mine_listener_connections_refused_total{protocol=\"plaintext\",transport=\"tcp\",reason=\"total_full\"}")
                + await server.MetricAsync("mine_listener_connections_refused_total{protocol=\"pickle\",transport=\"tcp\",reason=\"total_full\"}") >= 40);
            Assert.Equal(20, await server.MetricAsync("mine_tcp_connections_open"));
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
        }
        finally
        {
            clients.ForEach(static c => c.Dispose());
        }

        await server.WaitForMetricAsync("mine_tcp_connections_open", 0, below: true);
        await server.SendPlaintextAsync($"after.storm 7 {Now}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
    }

    [Fact]
    public async Task One_address_cannot_take_every_connection()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:MaxConnectionsPerSource"] = "3" });
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
                await client.ConnectAsync(server.PlaintextTcp);
                held.Add(client);
            }

            await server.WaitForMetricAsync("mine_tcp_connections_open", 3);
            using var fourth = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
            if (await ConnectTolerantAsync(fourth, server.PlaintextTcp))
            {
                Assert.Equal(0, await ReadUntilClosedAsync(fourth.GetStream()));
            }

            await server.WaitForMetricAsync("mine_listener_connections_refused_total{protocol=\"plaintext\",transport=\"tcp\",reason=\"source_full\"}", 1);
            Assert.Equal(1, await server.MetricAsync("mine_listener_connections_refused_total{protocol=\"plaintext\",transport=\"tcp\",reason=\"source_full\"}"));

            // Another address (127.0.0.2 is loopback too) still gets in while the first one holds its three.
            using var other = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await other.ConnectAsync(server.PlaintextTcp);
            await other.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"other.source 1 {Now}\n"));
            other.Client.Shutdown(SocketShutdown.Send);
            await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        }
        finally
        {
            held.ForEach(static c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_after_the_idle_timeout()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:TcpIdleTimeoutSeconds"] = "0.3" });
        using var idle = new TcpClient();
        await idle.ConnectAsync(server.PlaintextTcp);
        await idle.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"before.idle 1 {Now}\nhalf.a.li"));
        Assert.Equal(0, await ReadUntilClosedAsync(idle.GetStream()));
        Assert.Equal(1, await server.MetricAsync("mine_listener_idle_closed_total{protocol=\"plaintext\",transport=\"tcp\"}"));
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        Assert.Equal(0, await server.MetricAsync("mine_tcp_connections_open"));
    }

    [Fact]
    public async Task A_pickle_frame_beyond_the_buffer_budget_closes_its_connection_and_others_go_on()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:ConnectionBufferBudgetMiB"] = "1" });
        var now = (int)Now;
        var big = PickleFrameWriter.Frame(Enumerable.Range(0, 16_000).Select(i => (Encoding.ASCII.GetBytes($"budget.series.number{i:D6}"), now, (double)i)));
        Assert.InRange(big.Length, 700_000, 1 << 20);
        var splitAt = big.Length - 1000;

        using var first = new TcpClient();
        await first.ConnectAsync(server.Pickle);
        var firstStream = first.GetStream();
        await firstStream.WriteAsync(big.AsMemory(0, splitAt));
        await IngestWaits.UntilAsync(async () => await server.MetricAsync("mine_tcp_buffer_bytes") >= splitAt);

        // The second large frame does not fit beside the first one's buffer: its connection is closed.
        using var second = new TcpClient();
        await second.ConnectAsync(server.Pickle);
        await second.GetStream().WriteAsync(big.AsMemory(0, splitAt));
        Assert.Equal(0, await ReadUntilClosedAsync(second.GetStream()));
        Assert.Equal(1, await server.MetricAsync("mine_listener_buffer_budget_closed_total{protocol=\"pickle\",transport=\"tcp\"}"));

        // The first one finishes its frame: every point is stored, and its large buffer is given back.
        await firstStream.WriteAsync(big.AsMemory(splitAt));
        await server.WaitForMetricAsync("mine_points_ingested_total", 16_000);
        first.Client.Shutdown(SocketShutdown.Send);
        await ReadUntilClosedAsync(firstStream);
        await server.WaitForMetricAsync("mine_tcp_buffer_bytes", 0, below: true);
        var storage = server.Services.GetRequiredService<StorageEngine>();
        Assert.Equal(16_000, storage.FindSeries("budget.series.*").Count);
    }

    /// <summary>Connects; false when the server's reset of a refused connection already reached the handshake.</summary>
    private static async Task<bool> ConnectTolerantAsync(TcpClient client, IPEndPoint endPoint)
    {
        try
        {
            await client.ConnectAsync(endPoint);
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
    }

    private static async Task<int> ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[16];
        try
        {
            return await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return 0;
        }
    }
}
