using Mine.TestKit.Collectd;
using Mine.Protocols.Collectd;
using Mine.Protocols.Tests.TestSupport;
using static Mine.TestKit.Collectd.CollectdPacketBuilder;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>Plain parts and collectd's receiver rules (wire-protocols.md §1.7), one rule per case.</summary>
public class CollectdPacketParserTests
{
    /// <summary>wire-protocols.md §1.8, observed from collectd 5.12: two load value lists, only the time changes.</summary>
    private const string WorkedExample = """
        00 00 00 19 74 65 73 74 68 6f 73 74 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d 00
        00 08 00 0c 1a c1 ee 99 6a 6d 0b c7
        00 09 00 0c 00 00 00 00 80 00 00 00
        00 02 00 09 6c 6f 61 64 00
        00 04 00 09 6c 6f 61 64 00
        00 06 00 21 00 03 01 01 01
        00 00 00 00 00 90 d1 3f 00 00 00 00 00 90 d1 3f 00 00 00 00 00 90 d1 3f
        00 08 00 0c 1a c1 ee 99 ea 48 7a 92
        00 06 00 21 00 03 01 01 01
        00 00 00 00 00 90 d1 3f 00 00 00 00 00 90 d1 3f 00 00 00 00 00 90 d1 3f
        """;

    private static (RecordingCollectdReceiver Receiver, CollectdRejectReason Outcome, CollectdCounters Counters) Parse(byte[] datagram)
    {
        using var parser = new CollectdPacketParser(new CollectdSecurityOptions());
        var (receiver, outcome) = CollectdTestParsers.Run(parser, datagram);
        return (receiver, outcome, parser.Counters);
    }

    [Fact]
    public void Worked_example_dispatches_two_load_lists_carrying_state_across()
    {
        var (receiver, outcome, counters) = Parse(Bytes.FromHex(WorkedExample));

        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(2, receiver.Lists.Count);
        var first = receiver.Lists[0];
        Assert.Equal("testhost.example.com/load-/load-", first.Identifier);
        Assert.Equal(0x1ac1ee996a6d0bc7UL, first.TimeHr);
        Assert.Equal(1795668581.6629, CollectdValues.ToSeconds(first.TimeHr), 3);
        Assert.Equal(2.0, CollectdValues.ToSeconds(first.IntervalHr));
        Assert.Equal([0.2744140625, 0.2744140625, 0.2744140625], first.Values);
        Assert.All(first.Types, t => Assert.Equal(DataSourceType.Gauge, t));
        Assert.Equal(CollectdSecurity.None, first.Security);
        Assert.Equal(0x1ac1ee99ea487a92UL, receiver.Lists[1].TimeHr);
        Assert.Equal(first with { TimeHr = receiver.Lists[1].TimeHr, Types = receiver.Lists[1].Types, Values = receiver.Lists[1].Values }, receiver.Lists[1]);
        Assert.Equal((1, 2L, 6L), (counters.Datagrams, counters.ValueLists, counters.Values));
    }

    [Fact]
    public void Integer_values_are_big_endian_and_gauges_little_endian()
    {
        var datagram = Concat(SimpleList()[..^ Gauges(1.5).Length], ValuesPart(
            (DataSourceType.Counter, 0x0102030405060708), (DataSourceType.Gauge, 0x7ff8000000000000) /* collectd's NAN */,
            (DataSourceType.Derive, unchecked((ulong)-5L)), (DataSourceType.Absolute, ulong.MaxValue)));
        var values = new CollectdValuesProbe();
        using var parser = new CollectdPacketParser(new CollectdSecurityOptions());
        parser.Parse(datagram, values);

        Assert.Equal(0x0102030405060708UL, values.Counter);
        Assert.True(double.IsNaN(values.Gauge));
        Assert.Equal(-5L, values.Derive);
        Assert.Equal(ulong.MaxValue, values.Absolute);
        Assert.Equal("00 00 00 00 00 00 f8 7f", values.GaugeWire); // collectd's NaN on the wire
    }

    public static TheoryData<string, byte[], string> TimeEncodings => new()
    {
        { "TIME seconds << 30", Num(Time, 1_700_000_000), "1700000000" },
        { "TIME_HR 2^-30 s", Num(TimeHr, 1_700_000_000UL << 30), "1700000000" },
    };

    [Theory]
    [MemberData(nameof(TimeEncodings))]
    public void Both_time_encodings_give_cdtime(string name, byte[] timePart, string expectedSeconds)
    {
        var datagram = Concat(Str(Host, "h"), timePart, Num(Interval, 10), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1));
        var list = Assert.Single(Parse(datagram).Receiver.Lists);
        Assert.True(expectedSeconds == CollectdValues.ToUnixSeconds(list.TimeHr).ToString(System.Globalization.CultureInfo.InvariantCulture), name);
        Assert.Equal(10UL << 30, list.IntervalHr);
    }

    [Fact]
    public void Identifier_parts_persist_and_overwrite_across_value_lists()
    {
        var datagram = Concat(
            Str(Host, "web1"), Num(TimeHr, 1UL << 40), Str(Plugin, "cpu"), Str(PluginInstance, "0"), Str(TypeName, "cpu"),
            Str(TypeInstance, "user"), ValuesPart((DataSourceType.Derive, 42)),
            Str(TypeInstance, "idle"), ValuesPart((DataSourceType.Derive, 43)),
            Str(PluginInstance, ""), Str(Plugin, "load"), Str(TypeName, "load"), Str(TypeInstance, ""), Gauges(1, 2, 3),
            Num(IntervalHr, 5UL << 30), Str(Host, "web2"), Gauges(4, 5, 6));

        var lists = Parse(datagram).Receiver.Lists;

        Assert.Equal(
            ["web1/cpu-0/cpu-user", "web1/cpu-0/cpu-idle", "web1/load-/load-", "web2/load-/load-"],
            lists.Select(l => l.Identifier));
        Assert.Equal([0UL, 0UL, 0UL, 5UL << 30], lists.Select(l => l.IntervalHr));
        Assert.Equal("42", lists[0].ValuesText);
    }

    public static TheoryData<string, byte[]> IncompleteLists => new()
    {
        { "time 0", Concat(Str(Host, "h"), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1)) },
        { "no host", Concat(Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1)) },
        { "empty host", Concat(Str(Host, ""), Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1)) },
        { "no plugin", Concat(Str(Host, "h"), Num(TimeHr, 1), Str(TypeName, "t"), Gauges(1)) },
        { "no type", Concat(Str(Host, "h"), Num(TimeHr, 1), Str(Plugin, "p"), Gauges(1)) },
        { "host is NUL first (C string)", Concat(Part(Host, "\0h\0"u8), Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1)) },
    };

    [Theory]
    [MemberData(nameof(IncompleteLists))]
    public void Incomplete_lists_are_dropped_silently_and_parsing_goes_on(string name, byte[] incomplete)
    {
        var (receiver, outcome, counters) = Parse(Concat(incomplete, SimpleList(host: "after")));

        Assert.True(CollectdRejectReason.None == outcome, name);
        Assert.Equal("after", Assert.Single(receiver.Lists).Host);
        Assert.Equal(1, counters.IncompleteValueLists);
    }

    [Fact]
    public void Embedded_nul_ends_the_string_like_a_CString()
    {
        var datagram = Concat(Part(Host, "web1\0junk\0"u8), Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1));
        Assert.Equal("web1", Assert.Single(Parse(datagram).Receiver.Lists).Host);
    }

    /// <summary>Cases marked atEnd only make sense as the datagram's last bytes ("bytes left" rules).</summary>
    public static TheoryData<string, byte[], CollectdRejectReason, bool> BadParts => new()
    {
        { "string without NUL", Part(Plugin, "load"u8), CollectdRejectReason.MalformedString, false },
        { "string part of length 4", Part(Plugin, []), CollectdRejectReason.MalformedString, false },
        { "host of 129 bytes incl. NUL", Str(Host, new string('h', 128)), CollectdRejectReason.StringTooLong, false },
        { "plugin of 129 bytes incl. NUL", Str(Plugin, new string('p', 128)), CollectdRejectReason.StringTooLong, false },
        { "type_instance of 129 bytes", Str(TypeInstance, new string('t', 128)), CollectdRejectReason.StringTooLong, false },
        { "message of 257 bytes incl. NUL", Concat(Num(Severity, 2), Str(Message, new string('m', 256))), CollectdRejectReason.StringTooLong, false },
        { "numeric part with < 12 bytes left", Part(TimeHr, [1, 2, 3, 4, 5, 6]), CollectdRejectReason.MalformedNumber, true },
        { "SEVERITY with < 12 bytes left", Part(Severity, [0, 0, 0, 0, 0, 0, 0]), CollectdRejectReason.MalformedNumber, true },
        { "VALUES length not 6 + 9n", Part(Values, [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), CollectdRejectReason.MalformedValues, false },
        { "VALUES n larger than the part", Part(Values, [0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), CollectdRejectReason.MalformedValues, false },
        { "VALUES n beyond the datagram", Part(Values, [0, 9, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), CollectdRejectReason.MalformedValues, true },
        { "VALUES with < 15 bytes left", Part(Values, [0, 0]), CollectdRejectReason.MalformedValues, true },
        { "unknown DS code 4", ValuesPart(((DataSourceType)4, 1)), CollectdRejectReason.UnknownDataSourceType, false },
        { "DS code 255 after a valid one", ValuesPart((DataSourceType.Gauge, 1), ((DataSourceType)255, 1)), CollectdRejectReason.UnknownDataSourceType, false },
        { "part length beyond the datagram", Part(Host, "h\0"u8, lengthOverride: 200), CollectdRejectReason.Truncated, false },
        { "part length below 4", Part(Host, "h\0"u8, lengthOverride: 3), CollectdRejectReason.Truncated, false },
        { "four trailing bytes", [0, 0, 0, 4], CollectdRejectReason.Truncated, true },
        { "one trailing byte", [0], CollectdRejectReason.Truncated, true },
    };

    [Theory]
    [MemberData(nameof(BadParts))]
    public void A_bad_part_ends_the_datagram_but_keeps_what_was_dispatched(string name, byte[] badPart, CollectdRejectReason reason, bool atEnd)
    {
        var datagram = atEnd ? Concat(SimpleList(host: "before"), badPart) : Concat(SimpleList(host: "before"), badPart, SimpleList(host: "after"));
        var (receiver, outcome, counters) = Parse(datagram);

        Assert.True(reason == outcome, $"{name}: {outcome}");
        Assert.Equal("before", Assert.Single(receiver.Lists).Host);
        Assert.Equal(1, counters.RejectedFor(reason));
    }

    [Fact]
    public void Longest_legal_strings_are_accepted()
    {
        var host = new string('h', 127);
        var datagram = Concat(Str(Host, host), Num(TimeHr, 1), Str(Plugin, "p"), Str(TypeName, "t"), Gauges(1),
            Num(Severity, 1), Str(Message, new string('m', 255)));
        var (receiver, outcome, _) = Parse(datagram);
        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(host, Assert.Single(receiver.Lists).Host);
        Assert.Equal(255, Assert.Single(receiver.Notifications).Message.Length);
    }

    [Fact]
    public void Unknown_part_types_are_skipped_by_length()
    {
        var datagram = Concat(Part(0x7777, new byte[50]), Part(0x0010, []), SimpleList());
        var (receiver, outcome, _) = Parse(datagram);
        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Single(receiver.Lists);
    }

    [Fact]
    public void Numeric_part_longer_than_12_advances_only_12_like_collectd()
    {
        // parse_part_number moves the pointer 12 bytes but subtracts the length field (20) from what is left, so
        // the parts right after the 12 bytes are parsed and the datagram's last 8 bytes are never looked at.
        var time = Num(TimeHr, 2UL << 40);
        time[3] = 20;
        var datagram = Concat(SimpleList(), time, Str(Host, "hh"), Gauges(7), Enumerable.Repeat((byte)0xff, 8).ToArray());

        var (receiver, outcome, _) = Parse(datagram);

        Assert.Equal(CollectdRejectReason.None, outcome);
        Assert.Equal(["h", "hh"], receiver.Lists.Select(l => l.Host));
        Assert.Equal(2UL << 40, receiver.Lists[1].TimeHr);
    }

    [Fact]
    public void Numeric_part_shorter_than_12_never_reads_past_the_datagram()
    {
        var time = Num(TimeHr, 2UL << 40);
        time[3] = 4; // pointer +12 but remaining −4: collectd would believe 8 bytes more than there are
        var datagram = Concat(SimpleList(), time, Str(Host, "hh"));

        var (receiver, outcome, _) = Parse(datagram);

        Assert.Single(receiver.Lists);
        Assert.Equal(CollectdRejectReason.None, outcome); // what is left is clamped to the 7 real bytes
    }

    [Fact]
    public void Notification_needs_severity_time_and_text()
    {
        var good = Concat(Num(TimeHr, 1UL << 40), Num(Severity, 2), Str(Host, "h"), Str(Plugin, "load"), Str(Message, "too high"));
        var badSeverity = Concat(Num(TimeHr, 1UL << 40), Num(Severity, 3), Str(Message, "x"));
        var noSeverity = Concat(Num(TimeHr, 1UL << 40), Str(Message, "x"));
        var noTime = Concat(Num(Severity, 1), Str(Message, "x"));
        var emptyText = Concat(Num(TimeHr, 1UL << 40), Num(Severity, 4), Str(Message, ""));

        var (receiver, _, counters) = Parse(Concat(badSeverity, noSeverity, emptyText, good));
        var notification = Assert.Single(receiver.Notifications);
        Assert.Equal(new ReceivedNotification("h", "load", "", "", "", 1UL << 40, 2, "too high", CollectdSecurity.None), notification);
        Assert.Equal(3, counters.IncompleteNotifications);
        Assert.Empty(Parse(noTime).Receiver.Notifications);
    }

    [Fact]
    public void Oversized_datagram_is_rejected()
    {
        var (receiver, outcome, _) = Parse(new byte[65536]);
        Assert.Equal(CollectdRejectReason.Oversized, outcome);
        Assert.Empty(receiver.Lists);
    }

    [Fact]
    public void Empty_and_tiny_datagrams_are_harmless()
    {
        Assert.Equal(CollectdRejectReason.None, Parse([]).Outcome);
        Assert.Equal(CollectdRejectReason.Truncated, Parse([0, 0, 0]).Outcome);
    }

    private sealed class CollectdValuesProbe : ICollectdReceiver
    {
        public ulong Counter { get; private set; }
        public double Gauge { get; private set; }
        public long Derive { get; private set; }
        public ulong Absolute { get; private set; }
        public string GaugeWire { get; private set; } = "";

        public void OnValueList(in CollectdValueList values)
        {
            Counter = CollectdValues.GetUInt64(values, 0);
            Gauge = CollectdValues.GetDouble(values, 1);
            Derive = CollectdValues.GetInt64(values, 2);
            Absolute = CollectdValues.GetUInt64(values, 3);
            GaugeWire = Convert.ToHexString(values.RawValues.Slice(8, 8)).ToLowerInvariant()
                .Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b);
        }

        public void OnNotification(in CollectdNotification notification)
        {
        }
    }
}
