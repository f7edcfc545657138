using Mine.Core.Series;
using Mine.Protocols.Collectd;
using static Mine.Protocols.Tests.Collectd.WriteGraphiteTestLists;

namespace Mine.Protocols.Tests.Collectd;

public class WriteGraphiteConverterTests
{
    // TIME_HR 0x1ac1ee996a6d0bc7 from wire-protocols.md §1.8 = 1795668581.6629 s, rounded to 1795668582.
    private const ulong ObservedTime = 0x1ac1ee996a6d0bc7;

    private readonly PointBatch _batch = new();
    private WriteGraphiteCounters _counters;

    [Fact]
    public void Converts_the_observed_load_value_list()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions { Prefix = "collectd." });
        var load = WireValue.Gauge(0.2744140625);
        Append(converter, _batch, ref _counters, "testhost.example.com/load/load", ObservedTime, 2 * Second, load, load, load);

        Assert.Equal(
            [
                ("collectd.testhost_example_com.load.load.shortterm", 1795668582L, 0.2744140625),
                ("collectd.testhost_example_com.load.load.midterm", 1795668582L, 0.2744140625),
                ("collectd.testhost_example_com.load.load.longterm", 1795668582L, 0.2744140625),
            ],
            Points(_batch));
        Assert.Equal(1, _counters.ValueLists);
        Assert.Equal(3, _counters.ValuesIn);
        Assert.Equal(3, _counters.PointsOut);
    }

    [Theory]
    [InlineData(1795668581.4999, 1795668581L)]
    [InlineData(1795668581.5, 1795668582L)]
    [InlineData(1795668581.0, 1795668581L)]
    public void Rounds_time_to_the_nearest_second(double seconds, long expected)
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions());
        Append(converter, _batch, ref _counters, "h/uptime/uptime", Hr(seconds), Second, WireValue.Gauge(1));
        Assert.Equal(expected, _batch.Timestamp(0));
    }

    [Fact]
    public void Stores_rates_for_derives_after_the_first_sample()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions());
        Append(converter, _batch, ref _counters, "h/interface-eth0/if_octets", 100 * Second, 10 * Second, WireValue.Derive(100), WireValue.Derive(200));
        Append(converter, _batch, ref _counters, "h/interface-eth0/if_octets", 110 * Second, 10 * Second, WireValue.Derive(1100), WireValue.Derive(2200));
        Append(converter, _batch, ref _counters, "h/interface-eth0/if_octets", 120 * Second, 10 * Second, WireValue.Derive(1000), WireValue.Derive(2300));

        Assert.Equal(
            [("h.interface-eth0.if_octets.rx", 110L, 100.0), ("h.interface-eth0.if_octets.tx", 110L, 200.0), ("h.interface-eth0.if_octets.tx", 120L, 10.0)],
            Points(_batch));
        Assert.Equal(2, _counters.NoRateYet);
        Assert.Equal(1, _counters.OutOfRange); // rx went backwards: -10/s is below if_octets' min 0
        Assert.Equal(3, _counters.PointsOut);
    }

    [Fact]
    public void Without_store_rates_sends_raw_values()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions { StoreRates = false });
        Append(converter, _batch, ref _counters, "h/cpu-0/cpu-user", 100 * Second, Second, WireValue.Derive(-5));
        Append(converter, _batch, ref _counters, "h/c/counter", 100 * Second, Second, WireValue.Counter(4_294_967_296));
        Append(converter, _batch, ref _counters, "h/a/absolute", 100 * Second, Second, WireValue.Absolute(7));

        Assert.Equal([-5.0, 4_294_967_296.0, 7.0], _batch.Values.ToArray());
        Assert.Equal(0, _counters.NoRateYet);
    }

    [Fact]
    public void Counts_and_drops_what_collectd_would_not_write()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions());
        Append(converter, _batch, ref _counters, "h/x/no_such_type", 100 * Second, Second, WireValue.Gauge(1));
        Append(converter, _batch, ref _counters, "h/load/load", 100 * Second, Second, WireValue.Gauge(1));
        Append(converter, _batch, ref _counters, "h/uptime/uptime", 100 * Second, Second, WireValue.Gauge(double.NaN));
        Append(converter, _batch, ref _counters, "h/uptime/uptime", 100 * Second, Second, WireValue.Gauge(2));

        Assert.Equal(0, _batch.Count);
        Assert.Equal(1, _counters.UnknownType);
        Assert.Equal(1, _counters.DsCountMismatch);
        Assert.Equal(1, _counters.NaNValues);
        Assert.Equal(1, _counters.TooOld);
        Assert.Equal(4, _counters.ValueLists);
    }

    [Fact]
    public void Converts_values_whose_wire_type_disagrees_with_types_db()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions());
        Append(converter, _batch, ref _counters, "h/uptime/uptime", 100 * Second, Second, WireValue.Derive(42));
        Append(converter, _batch, ref _counters, "h/cpu-0/cpu-user", 100 * Second, Second, WireValue.Gauge(10));
        Append(converter, _batch, ref _counters, "h/cpu-0/cpu-user", 101 * Second, Second, WireValue.Gauge(13));

        Assert.Equal([("h.uptime.uptime", 100L, 42.0), ("h.cpu-0.cpu-user", 101L, 3.0)], Points(_batch));
        Assert.Equal(3, _counters.DsTypeMismatch);
    }

    [Fact]
    public void Interval_zero_means_the_default_interval()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions { DefaultInterval = TimeSpan.FromSeconds(20) });
        Append(converter, _batch, ref _counters, "h/a/absolute", 100 * Second, 0, WireValue.Absolute(100));
        Assert.Equal(5.0, _batch.Value(0));
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        var converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions());
        var list = new CollectdValueList
        {
            Host = "web-01.example.com"u8,
            Plugin = "interface"u8,
            PluginInstance = "eth0"u8,
            Type = "if_octets"u8,
            TypeInstance = ""u8,
            TimeHr = 100 * Second,
            IntervalHr = 10 * Second,
            Types = [2, 2],
            RawValues = new byte[16],
        };
        var batch = new PointBatch(64);
        var counters = default(WriteGraphiteCounters);
        for (var i = 0; i < 3; i++)
        {
            converter.Append(list with { TimeHr = (ulong)(100 + i) * Second }, batch, ref counters);
        }

        batch.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 3; i < 20; i++)
        {
            converter.Append(list with { TimeHr = (ulong)(100 + i) * Second }, batch, ref counters);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(34, batch.Count);
        Assert.Equal(1, converter.Rates.Count);
        Assert.Equal(0, converter.Namer.CachedIdentifiers); // tracked identifiers keep their names in the rate state
    }
}
