using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mine.Server.Tests.Collectd;

/// <summary>The collectd listener with hand-built datagrams: notifications become events, garbage harms nothing.</summary>
public class CollectdListenerTests
{
    [Fact]
    public async Task A_notification_becomes_an_event_in_graphite_webs_events_api()
    {
        await using var server = await MineTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var packet = new List<byte>();
        Numeric(packet, 0x0008, (ulong)now << 30);       // TIME_HR
        Numeric(packet, 0x0101, 1);                       // SEVERITY = FAILURE
        Text(packet, 0x0000, "web-017");                  // HOST
        Text(packet, 0x0002, "nginx");                    // PLUGIN
        Text(packet, 0x0100, "nginx is down");            // MESSAGE → dispatch
        using var udp = new UdpClient();
        await udp.SendAsync(packet.ToArray(), server.Collectd!);

        JsonElement events = default;
        for (var i = 0; i < 100; i++)
        {
            var body = await server.Http.GetStringAsync($"/events/get_data?from={now - 60}&until={now + 60}&tags=collectd");
            events = JsonDocument.Parse(body).RootElement;
            if (events.GetArrayLength() > 0)
            {
                Assert.StartsWith("[{\"when\": ", body, StringComparison.Ordinal);
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(1, events.GetArrayLength());
        Assert.Equal("nginx is down", events[0].GetProperty("data").GetString());
        Assert.Equal("FAILURE web-017/nginx", events[0].GetProperty("what").GetString());
        Assert.Contains("web-017", events[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(now, events[0].GetProperty("when").GetInt64());
    }

    [Fact]
    public async Task Events_can_be_posted_and_filtered_by_tag()
    {
        await using var server = await MineTestServer.StartAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (await server.Admin.PostAsync("/events", new StringContent($"{{\"what\": \"deploy\", \"tags\": [\"deploy\", \"web\"], \"when\": {now}, \"data\": \"v2\"}}", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await server.Admin.PostAsync("/events", new StringContent($"{{\"what\": \"reboot\", \"tags\": \"db\", \"when\": {now}}}", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var web = JsonDocument.Parse(await server.Http.GetStringAsync($"/events/get_data?from={now - 10}&until={now + 10}&tags=web")).RootElement;
        Assert.Equal("deploy", Assert.Single(web.EnumerateArray()).GetProperty("what").GetString());
        var all = JsonDocument.Parse(await server.Http.GetStringAsync($"/events/get_data?from={now - 10}&until={now + 10}")).RootElement;
        Assert.Equal(2, all.GetArrayLength());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await server.Admin.PostAsync("/events", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    /// <summary>graphite-web 1.1.8's answer for the same posted event: `when` in whole seconds (rounded down).</summary>
    [Fact]
    public async Task Event_times_are_whole_seconds_as_graphite_web_answers()
    {
        await using var server = await MineTestServer.StartAsync();
        (await server.Admin.PostAsync("/events", new StringContent("""{"what": "frac", "tags": "x", "when": 1796554800.75}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var body = await server.Http.GetStringAsync("/events/get_data?from=1796554700&until=1796554900&tags=x");
        Assert.Equal("""[{"when": 1796554800, "what": "frac", "data": "", "tags": ["x"], "id": 1}]""", body);
    }

    [Fact]
    public async Task Garbage_datagrams_are_counted_and_the_listener_keeps_working()
    {
        await using var server = await MineTestServer.StartAsync();
        using var udp = new UdpClient();
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var garbage = new byte[random.Next(1, 1500)];
            random.NextBytes(garbage);
            await udp.SendAsync(garbage, server.Collectd!);
        }

        // A valid value list after the garbage still arrives: load.load (3 gauges) from host "after-garbage".
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var packet = new List<byte>();
        Text(packet, 0x0000, "after-garbage");
        Numeric(packet, 0x0008, (ulong)now << 30);
        Numeric(packet, 0x0009, 10UL << 30);
        Text(packet, 0x0002, "load");
        Text(packet, 0x0004, "load");
        packet.AddRange([0x00, 0x06, 0x00, 0x21, 0x00, 0x03, 0x01, 0x01, 0x01]);
        foreach (var value in new[] { 0.5, 0.25, 0.125 })
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
            packet.AddRange(bytes);
        }

        await udp.SendAsync(packet.ToArray(), server.Collectd!);
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
        Assert.True(await server.MetricAsync("mine_listener_invalid_total{protocol=\"collectd\",transport=\"udp\"}") > 0);
        var body = await server.Http.GetStringAsync($"/render?target=after-garbage.load.load.*&format=raw&from={now - 120}&until={now + 60}");
        Assert.Contains("after-garbage.load.load.shortterm", body, StringComparison.Ordinal);
        Assert.Contains("after-garbage.load.load.longterm", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listener_accepts_ipv6()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Collectd"] = "[::1]:0" });
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, server.Collectd!.AddressFamily);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var packet = new List<byte>();
        Text(packet, 0x0000, "v6-host");
        Numeric(packet, 0x0008, (ulong)now << 30);
        Text(packet, 0x0002, "load");
        Text(packet, 0x0004, "load");
        packet.AddRange([0x00, 0x06, 0x00, 0x21, 0x00, 0x03, 0x01, 0x01, 0x01]);
        packet.AddRange(new byte[24]); // three 0.0 gauges
        using var udp = new UdpClient(System.Net.Sockets.AddressFamily.InterNetworkV6);
        await udp.SendAsync(packet.ToArray(), server.Collectd!);
        await server.WaitForMetricAsync("mine_points_ingested_total", 3);
    }

    private static void Numeric(List<byte> packet, ushort type, ulong value)
    {
        var part = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(part, type);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(2), 12);
        BinaryPrimitives.WriteUInt64BigEndian(part.AsSpan(4), value);
        packet.AddRange(part);
    }

    private static void Text(List<byte> packet, ushort type, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var part = new byte[4 + bytes.Length + 1];
        BinaryPrimitives.WriteUInt16BigEndian(part, type);
        BinaryPrimitives.WriteUInt16BigEndian(part.AsSpan(2), (ushort)part.Length);
        bytes.CopyTo(part, 4);
        packet.AddRange(part);
    }
}
