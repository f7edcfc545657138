using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Mine.Storage.Engine;
using Mine.TestKit.Collectd;
using Mine.TestKit.Graphite;

namespace Mine.Server.Tests.Ingest;

/// <summary>
/// Random byte-string names and values through every listener, each followed by a canary point that must become
/// readable: the server never dies, /health stays 200, invalid input is counted, and storage never sees a name
/// it would refuse (the parsers refuse everything storage would). FsCheck shrinks a failure to its smallest input.
/// </summary>
public class IngestPropertyTests
{
    private const int Cases = 40;

    /// <summary>Bytes that steer names into every branch of the name rule: separators, empty components,
    /// control bytes, invalid and valid UTF-8, tag syntax, whitespace.</summary>
    private static readonly byte[] NameAlphabet = Encoding.Latin1.GetBytes("ab.._-;=~/ \t\u0000\u0001\u007f\u00c3\u00a9\u00ff\u0080\u00e2\r*{}[]");

    private static readonly string[] Values = ["1", "-2.5", "nan", "inf", "-Infinity", "1e308", "1e999", "x", "", "0x10", "1_000"];

    private static readonly string[] Times = ["now", "-1", "0", "", "abc", "future", "1.5e9", "99999999999999999999"];

    public sealed record Line(byte[] Name, string Value, string Time)
    {
        public byte[] Bytes(long now)
        {
            var time = Time switch { "now" => now.ToString(System.Globalization.CultureInfo.InvariantCulture), "future" => (now + 86400 * 365).ToString(System.Globalization.CultureInfo.InvariantCulture), _ => Time };
            return [.. Name, (byte)' ', .. Encoding.ASCII.GetBytes(Value), (byte)' ', .. Encoding.ASCII.GetBytes(time), (byte)'\n'];
        }

        public override string ToString() => $"{Convert.ToHexString(Name)} ({Encoding.Latin1.GetString(Name)}) {Value} {Time}";
    }

    public sealed record PickleItem(byte[] Name, int Time, double Value)
    {
        public override string ToString() => $"{Convert.ToHexString(Name)} ({Encoding.Latin1.GetString(Name)}) {Time} {Value}";
    }

    public sealed record CollectdList(string Host, string Plugin, string Instance);

    private static Arbitrary<Line> Lines() => Arb.From(
        from name in Gen.ArrayOf(Gen.Elements(NameAlphabet))
        from value in Gen.Elements(Values)
        from time in Gen.Elements(Times)
        select new Line(name, value, time),
        line => ShrinkBytes(line.Name).Select(name => line with { Name = name }).Append(line with { Value = "1", Time = "now" }).Where(l => l != line));

    private static IEnumerable<byte[]> ShrinkBytes(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            yield return [.. bytes[..i], .. bytes[(i + 1)..]];
        }
    }

    [Fact]
    public async Task Random_plaintext_lines_over_tcp_never_stop_ingest()
    {
        await using var server = await MineTestServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.PlaintextTcp);
        var stream = client.GetStream();
        var n = 0;
        Prop.ForAll(Lines(), line =>
        {
            var canary = $"canary.tcp.c{n++}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            stream.Write(line.Bytes(now));
            stream.Write(Encoding.ASCII.GetBytes($"{canary} {n} {now}\n"));
            return CanaryArrivesAndAllIsWell(server, canary, n, "plaintext", "tcp");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Fact]
    public async Task Random_plaintext_datagrams_over_udp_never_stop_ingest()
    {
        await using var server = await MineTestServer.StartAsync();
        using var udp = new UdpClient();
        var n = 0;
        Prop.ForAll(Lines(), line =>
        {
            var canary = $"canary.udp.c{n++}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            udp.Send(line.Bytes(now), server.PlaintextUdp);
            udp.Send(Encoding.ASCII.GetBytes($"{canary} {n} {now}\n"), server.PlaintextUdp);
            return CanaryArrivesAndAllIsWell(server, canary, n, "plaintext", "udp");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Fact]
    public async Task Random_pickle_items_never_stop_ingest()
    {
        await using var server = await MineTestServer.StartAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(server.Pickle);
        var stream = client.GetStream();
        var n = 0;
        var timestamps = Gen.Elements(0, -1, 1, int.MaxValue, (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var values = Gen.Elements(1.0, double.NaN, double.PositiveInfinity, -0.0, double.MaxValue, double.Epsilon);
        var items = Arb.From(
            from name in Gen.ArrayOf(Gen.Elements(NameAlphabet))
            from time in timestamps
            from value in values
            select new PickleItem(name, time, value),
            item => ShrinkBytes(item.Name).Select(name => item with { Name = name }));
        Prop.ForAll(items, item =>
        {
            var canary = $"canary.pickle.c{n++}";
            var now = (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            stream.Write(PickleFrameWriter.Frame([(item.Name, item.Time, item.Value)]));
            stream.Write(PickleFrameWriter.Frame(canary, now, n));
            return CanaryArrivesAndAllIsWell(server, canary, n, "pickle", "tcp");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Fact]
    public async Task Random_collectd_identifiers_never_stop_ingest()
    {
        await using var server = await MineTestServer.StartAsync();
        using var udp = new UdpClient();
        var n = 0;
        var field = Gen.ArrayOf(Gen.Elements(NameAlphabet)).Select(static b => Encoding.Latin1.GetString(b));
        var lists = Arb.From(
            from host in field
            from plugin in field
            from instance in field
            select new CollectdList(host, plugin, instance),
            list => ShrinkBytes(Encoding.Latin1.GetBytes(list.Host)).Select(h => list with { Host = Encoding.Latin1.GetString(h) }));
        Prop.ForAll(lists, list =>
        {
            var canaryHost = $"canary{n++}";
            var nowHr = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() << 30;
            var random = CollectdPacketBuilder.Concat(
                CollectdPacketBuilder.Str(CollectdPacketBuilder.Host, list.Host), CollectdPacketBuilder.Num(CollectdPacketBuilder.TimeHr, nowHr),
                CollectdPacketBuilder.Num(CollectdPacketBuilder.IntervalHr, 10UL << 30), CollectdPacketBuilder.Str(CollectdPacketBuilder.Plugin, list.Plugin),
                CollectdPacketBuilder.Str(CollectdPacketBuilder.PluginInstance, list.Instance), CollectdPacketBuilder.Str(CollectdPacketBuilder.TypeName, "gauge"),
                CollectdPacketBuilder.Gauges(1));
            udp.Send(random, server.Collectd!);
            udp.Send(CollectdPacketBuilder.SimpleList(canaryHost, "load", "gauge", n, nowHr), server.Collectd!);
            return CanaryArrivesAndAllIsWell(server, $"{canaryHost}.load.gauge", n, "collectd", "udp");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    private static bool CanaryArrivesAndAllIsWell(MineTestServer server, string canary, double value, string protocol, string transport)
    {
        var storage = server.Services.GetRequiredService<StorageEngine>();
        var deadline = Environment.TickCount64 + 15_000;
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (storage.Fetch(canary, now - 600, now + 60, now) is { } series && series.Values.Contains(value))
            {
                break;
            }

            Assert.True(Environment.TickCount64 < deadline, $"canary {canary} did not arrive");
            Thread.Sleep(5);
        }

        var health = server.Http.GetAsync("/health").GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, Interlocked.Read(ref storage.Counters.PointsBadName));
        if (protocol != "collectd")
        {
            // Every line or item is accounted for: refused by the parser, stored, or dropped (NaN, retention).
            var labels = $"{{protocol=\"{protocol}\",transport=\"{transport}\"}}";
            var received = server.MetricAsync("mine_listener_received_total" + labels).GetAwaiter().GetResult();
            var invalid = server.MetricAsync("mine_listener_invalid_total" + labels).GetAwaiter().GetResult();
            var accepted = server.MetricAsync("mine_listener_accepted_total" + labels).GetAwaiter().GetResult();
            var dropped = server.MetricAsync("mine_listener_dropped_total" + labels).GetAwaiter().GetResult();
            if (protocol == "pickle")
            {
                // A frame the unpickler refuses counts as invalid without items received.
                Assert.True(accepted + dropped <= received && received <= invalid + accepted + dropped, $"received {received}, invalid {invalid}, accepted {accepted}, dropped {dropped}");
            }
            else
            {
                Assert.Equal(received, invalid + accepted + dropped);
            }
        }

        return true;
    }
}
