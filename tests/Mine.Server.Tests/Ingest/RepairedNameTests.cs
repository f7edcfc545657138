using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Mine.Storage.Engine;
using Mine.TestKit.Graphite;

namespace Mine.Server.Tests.Ingest;

/// <summary>The original bug: one line <c>dots..x 1 now</c> killed the ingest writer while /health said 200.</summary>
public class RepairedNameTests
{
    private static readonly string[] Sent = ["dots..x", ".lead", "trail.", "stats..timers.api"];
    private static readonly string[] Stored = ["dots.x", "lead", "trail", "stats.timers.api"];

    [Fact]
    public async Task Empty_components_are_repaired_through_plaintext_and_ingest_goes_on()
    {
        await using var server = await MineTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await server.SendPlaintextAsync(string.Concat(Sent.Select((n, i) => $"{n} {i + 1} {now}\n")) + $"next.point 9 {now}\n");
        await server.WaitForMetricAsync("mine_points_ingested_total", 5);
        AssertStored(server, now, "next.point");
        Assert.Equal(4, await server.MetricAsync("mine_listener_names_repaired_total{protocol=\"plaintext\",transport=\"tcp\"}"));
    }

    [Fact]
    public async Task Empty_components_are_repaired_through_pickle_and_ingest_goes_on()
    {
        await using var server = await MineTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Pickle);
        await client.GetStream().WriteAsync(PickleFrameWriter.Frame([.. Sent.Select((n, i) => (Encoding.ASCII.GetBytes(n), (int)now, (double)(i + 1)))]));
        await client.GetStream().WriteAsync(PickleFrameWriter.Frame("next.point", (int)now, 9));
        await server.WaitForMetricAsync("mine_points_ingested_total", 5);
        AssertStored(server, now, "next.point");
        Assert.Equal(4, await server.MetricAsync("mine_listener_names_repaired_total{protocol=\"pickle\",transport=\"tcp\"}"));
    }

    private static void AssertStored(MineTestServer server, long now, string after)
    {
        var storage = server.Services.GetRequiredService<StorageEngine>();
        for (var i = 0; i < Stored.Length; i++)
        {
            Assert.Contains((double)(i + 1), storage.Fetch(Stored[i], now - 600, now + 60, now)!.Values);
        }

        Assert.Contains(9.0, storage.Fetch(after, now - 600, now + 60, now)!.Values);
        Assert.Equal(0, Interlocked.Read(ref storage.Counters.PointsBadName));
    }
}
