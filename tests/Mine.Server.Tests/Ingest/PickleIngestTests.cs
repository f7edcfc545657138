using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Mine.Storage.Engine;

namespace Mine.Server.Tests.Ingest;

public class PickleIngestTests
{
    // wire-protocols.md §4.2: protocol 2, [("a.b.c",(1700000000,1.5)),("x.y",(1700000001,42))]
    private static readonly byte[] ProtocolTwoFrame = Convert.FromHexString(
        "0000003f80025d7100285805000000612e622e6371014a00f1536547" + "3ff8000000000000" +
        "867102867103580300000078" + "2e797104" + "4a01f153654b2a86710586710665" + "2e");

    [Fact]
    public async Task The_documented_protocol_2_frame_is_ingested()
    {
        // The vector's timestamps are from 2023: use a schema that keeps 5 years so they are inside retention.
        var schemas = Path.GetTempFileName();
        await File.WriteAllTextAsync(schemas, "[all]\npattern = .*\nretentions = 1s:5y\n");
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Schemas"] = schemas });
        using var client = new TcpClient();
        await client.ConnectAsync(server.Pickle);
        await client.GetStream().WriteAsync(ProtocolTwoFrame);
        await server.WaitForMetricAsync("mine_points_ingested_total", 2);
        var storage = server.Services.GetRequiredService<StorageEngine>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal([1.5], storage.Fetch("a.b.c", 1699999999, 1700000000, now)!.Values);
        Assert.Equal([42.0], storage.Fetch("x.y", 1700000000, 1700000001, now)!.Values);
    }

    [Fact]
    public async Task An_oversized_frame_closes_the_connection_and_is_counted()
    {
        await using var server = await MineTestServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Pickle);
        var stream = client.GetStream();
        await stream.WriteAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 0x80, 0x02 });
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, read); // closed by the server
        Assert.Equal(1, await server.MetricAsync("mine_listener_invalid_total{protocol=\"pickle\",transport=\"tcp\"}"));
    }
}
