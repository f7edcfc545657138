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

    /// <summary>Names built from components, mostly plain ones, some empty (<c>a..b</c>, <c>.a</c>, <c>a.</c>),
    /// some with hostile bytes, so valid, repairable and invalid names all come up often.</summary>
    private static Gen<byte[]> Names()
    {
        var plain = Gen.ArrayOf(Gen.Elements(Encoding.ASCII.GetBytes("abcxyz019-_")));
        var hostile = Gen.ArrayOf(Gen.Elements(NameAlphabet));
        var component = Gen.Frequency((6, plain), (1, hostile));
        return Gen.ListOf(component).Select(static parts => parts.Count == 0 ? [] : parts.Aggregate(static (a, b) => [.. a, (byte)'.', .. b]));
    }

    private static Arbitrary<Line> Lines() => Arb.From(
        from name in Names()
        from value in Gen.Frequency((4, Gen.Constant("1")), (1, Gen.Elements(Values)))
        from time in Gen.Frequency((4, Gen.Constant("now")), (1, Gen.Elements(Times)))
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
            var before = Counts(server, "plaintext", "tcp");
            var canary = $"canary.tcp.c{n++}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            stream.Write(line.Bytes(now));
            stream.Write(Encoding.ASCII.GetBytes($"{canary} {n} {now}\n"));
            return CanaryArrivesAndAllIsWell(server, canary, n, before);
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
            var before = Counts(server, "plaintext", "udp");
            var canary = $"canary.udp.c{n++}";
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            udp.Send(line.Bytes(now), server.PlaintextUdp);
            udp.Send(Encoding.ASCII.GetBytes($"{canary} {n} {now}\n"), server.PlaintextUdp);
            return CanaryArrivesAndAllIsWell(server, canary, n, before);
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
        var timestamps = Gen.Frequency((4, Gen.Constant((int)DateTimeOffset.UtcNow.ToUnixTimeSeconds())), (1, Gen.Elements(0, -1, 1, int.MaxValue)));
        var values = Gen.Frequency((4, Gen.Constant(1.0)), (1, Gen.Elements(double.NaN, double.PositiveInfinity, -0.0, double.MaxValue, double.Epsilon)));
        var items = Arb.From(
            from name in Names()
            from time in timestamps
            from value in values
            select new PickleItem(name, time, value),
            item => ShrinkBytes(item.Name).Select(name => item with { Name = name }));
        Prop.ForAll(items, item =>
        {
            var before = Counts(server, "pickle", "tcp");
            var canary = $"canary.pickle.c{n++}";
            var now = (int)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            stream.Write(PickleFrameWriter.Frame([(item.Name, item.Time, item.Value)]));
            stream.Write(PickleFrameWriter.Frame(canary, now, n));
            return CanaryArrivesAndAllIsWell(server, canary, n, before);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Fact]
    public async Task Random_collectd_identifiers_never_stop_ingest()
    {
        await using var server = await MineTestServer.StartAsync();
        using var udp = new UdpClient();
        var n = 0;
        var field = Names().Select(static b => Encoding.Latin1.GetString(b));
        var lists = Arb.From(
            from host in field
            from plugin in field
            from instance in field
            select new CollectdList(host, plugin, instance),
            list => ShrinkBytes(Encoding.Latin1.GetBytes(list.Host)).Select(h => list with { Host = Encoding.Latin1.GetString(h) }));
        Prop.ForAll(lists, list =>
        {
            var before = Counts(server, "collectd", "udp");
            var canaryHost = $"canary{n++}";
            var nowHr = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() << 30;
            var random = CollectdPacketBuilder.Concat(
                CollectdPacketBuilder.Str(CollectdPacketBuilder.Host, list.Host), CollectdPacketBuilder.Num(CollectdPacketBuilder.TimeHr, nowHr),
                CollectdPacketBuilder.Num(CollectdPacketBuilder.IntervalHr, 10UL << 30), CollectdPacketBuilder.Str(CollectdPacketBuilder.Plugin, list.Plugin),
                CollectdPacketBuilder.Str(CollectdPacketBuilder.PluginInstance, list.Instance), CollectdPacketBuilder.Str(CollectdPacketBuilder.TypeName, "gauge"),
                CollectdPacketBuilder.Gauges(1));
            udp.Send(random, server.Collectd!);
            udp.Send(CollectdPacketBuilder.SimpleList(canaryHost, "load", "gauge", n, nowHr), server.Collectd!);
            return CanaryArrivesAndAllIsWell(server, $"{canaryHost}.load.gauge", n, before);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    /// <summary>A listener's counters and storage's bad-name count at one moment; each case checks its own deltas,
    /// so a shrunk counterexample is the input that broke the rule, not whatever came after it.</summary>
    public sealed record Counters(string Protocol, string Transport, double Received, double Invalid, double Accepted, double Dropped, long BadNames);

    private static Counters Counts(MineTestServer server, string protocol, string transport)
    {
        var storage = server.Services.GetRequiredService<StorageEngine>();
        var labels = $"{{protocol=\"{protocol}\",transport=\"{transport}\"}}";
        double Metric(string name) => server.MetricAsync(name + labels).GetAwaiter().GetResult();
        return new Counters(protocol, transport, Metric("mine_listener_received_total"), Metric("mine_listener_invalid_total"),
            Metric("mine_listener_accepted_total"), Metric("mine_listener_dropped_total"), Interlocked.Read(ref storage.Counters.PointsBadName));
    }

    private static bool CanaryArrivesAndAllIsWell(MineTestServer server, string canary, double value, Counters before)
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
        var after = Counts(server, before.Protocol, before.Transport);
        Assert.Equal(before.BadNames, after.BadNames);
        if (before.Protocol == "collectd")
        {
            return true;
        }

        // Every line or item is accounted for: refused by the parser, stored, or dropped (NaN, retention).
        var (received, invalid, accepted, dropped) = (after.Received - before.Received, after.Invalid - before.Invalid, after.Accepted - before.Accepted, after.Dropped - before.Dropped);
        if (before.Protocol == "pickle")
        {
            // A frame the unpickler refuses counts as invalid without items received.
            Assert.True(accepted + dropped <= received && received <= invalid + accepted + dropped, $"received {received}, invalid {invalid}, accepted {accepted}, dropped {dropped}");
        }
        else
        {
            Assert.Equal(received, invalid + accepted + dropped);
        }

        return true;
    }
}
