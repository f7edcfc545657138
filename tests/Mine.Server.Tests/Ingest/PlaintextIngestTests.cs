using System.Net.Sockets;
using System.Text;
using Mine.Storage.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Mine.Server.Tests.Ingest;

public class PlaintextIngestTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Health_is_ok_once_listeners_and_storage_are_up()
    {
        await using var server = await MineTestServer.StartAsync();
        var response = await server.Http.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await server.MetricAsync("mine_points_ingested_total"));
    }

    [Fact]
    public async Task Bad_lines_are_counted_and_skipped_while_the_connection_stays_open()
    {
        await using var server = await MineTestServer.StartAsync();
        var t = Now - 120;
        using var client = new TcpClient();
        await client.ConnectAsync(server.PlaintextTcp);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"good.one 1 {t}\r\nthis line is bad\nbad.value x {t}\ngood.nan nan {t}\n"));
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);

        // Same connection, after the bad lines: still accepted.
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"good.two 2 {t}\ngood.now 3 -1\n"));
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
        Assert.Equal(2, await server.MetricAsync("mine_listener_invalid_total{protocol=\"plaintext\",transport=\"tcp\"}"));
        Assert.Equal(1, await server.MetricAsync("mine_listener_dropped_total{protocol=\"plaintext\",transport=\"tcp\"}"));
        Assert.Equal(6, await server.MetricAsync("mine_listener_received_total{protocol=\"plaintext\",transport=\"tcp\"}"));

        var storage = server.Services.GetRequiredService<StorageEngine>();
        Assert.Equal(1, storage.Fetch("good.one", t - 60, t, Now)!.Values.Last(v => !double.IsNaN(v)));
        Assert.Equal(3, storage.Fetch("good.now", Now - 600, Now, Now)!.Values.Last(v => !double.IsNaN(v)));
        Assert.Null(storage.Fetch("good.nan", t - 60, t, Now));
    }

    [Fact]
    public async Task Udp_datagrams_are_split_into_lines()
    {
        await using var server = await MineTestServer.StartAsync();
        var t = Now - 60;
        using var udp = new UdpClient();
        var datagram = Encoding.UTF8.GetBytes($"udp.a 1 {t}\nudp.b 2 {t}\nudp.c 3 {t}");
        await udp.SendAsync(datagram, server.PlaintextUdp);
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
        var storage = server.Services.GetRequiredService<StorageEngine>();
        Assert.Equal(3, storage.FindSeries("udp.*").Count);
    }

    [Fact]
    public async Task A_silent_client_does_not_stall_the_others()
    {
        await using var server = await MineTestServer.StartAsync();
        var t = Now - 60;

        // One client opens a connection, sends half a line and goes quiet; many others send normally.
        using var silent = new TcpClient();
        await silent.ConnectAsync(server.PlaintextTcp);
        await silent.GetStream().WriteAsync(Encoding.UTF8.GetBytes("half.a.li"));

        var senders = Enumerable.Range(0, 32).Select(async c =>
        {
            var text = new StringBuilder();
            for (var i = 0; i < 500; i++)
            {
                text.Append($"conc.c{c}.m{i % 10} {i} {t - i % 50 * 60}\n");
            }

            await server.SendPlaintextAsync(text.ToString());
        });
        await Task.WhenAll(senders);
        await server.WaitForMetricAsync("mine_points_ingested_total", 32 * 500);
        Assert.Equal(32 * 10, server.Services.GetRequiredService<StorageEngine>().FindSeries("conc.*.*").Count);
    }

    [Fact]
    public async Task An_oversized_line_is_rejected_and_the_connection_goes_on()
    {
        await using var server = await MineTestServer.StartAsync();
        var t = Now - 60;
        using var client = new TcpClient();
        await client.ConnectAsync(server.PlaintextTcp);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(new string('x', 40_000) + $" 1 {t}\nafter.big 5 {t}\n"));
        await server.WaitForMetricAsync("mine_points_ingested_total", 1);
        Assert.Equal(1, await server.MetricAsync("mine_listener_invalid_total{protocol=\"plaintext\",transport=\"tcp\"}"));
        Assert.NotNull(server.Services.GetRequiredService<StorageEngine>().Fetch("after.big", t - 60, t, Now));
    }
}
