using Mine.Protocols.Collectd;
using static Mine.Protocols.Tests.Collectd.WriteGraphiteTestLists;

namespace Mine.Protocols.Tests.Collectd;

public class RateConverterTests
{
    private static readonly TypesDb Types = TypesDb.Parse(
        """
        c value:COUNTER:U:U
        d value:DERIVE:U:U
        dpos value:DERIVE:0:U
        a value:ABSOLUTE:0:U
        g value:GAUGE:0:1
        r value:DERIVE:0:10
        mix g:GAUGE:U:U c:COUNTER:U:U
        """, "rates.db");

    private static readonly ulong T0 = Hr(1_795_668_581.6629);

    [Theory]
    [InlineData(10UL, 110UL, 10.0)]
    [InlineData(4_294_967_290UL, 5UL, 1.1)] // 32-bit wrap: old ≤ 2^32−1
    [InlineData(4_294_967_295UL, 0UL, 0.1)]
    [InlineData(4_294_967_296UL, 5UL, 1844674406941458432.5)] // old > 2^32−1: 64-bit wrap
    [InlineData(18_446_744_073_709_551_610UL, 5UL, 1.1)]
    [InlineData(7UL, 7UL, 0.0)]
    public void CounterRatesHandleWrap(ulong first, ulong second, double expected)
    {
        var rate = Rates("c", first, second, seconds: 10);
        Assert.Equal(expected, rate, 1e-9 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void Counter_diff_matches_collectd()
    {
        Assert.Equal(11UL, RateConverter.CounterDiff(4_294_967_290, 5));
        Assert.Equal(11UL, RateConverter.CounterDiff(ulong.MaxValue - 5, 5));
        Assert.Equal(100UL, RateConverter.CounterDiff(1, 101));
    }

    [Theory]
    [InlineData("d", 100L, 50L, -5.0)]
    [InlineData("d", -1000L, 1000L, 200.0)]
    [InlineData("dpos", 100L, 50L, double.NaN)] // below min 0
    [InlineData("r", 0L, 500L, double.NaN)] // 50/s above max 10
    [InlineData("r", 0L, 100L, 10.0)] // max is inclusive
    public void DeriveRatesAreSignedAndRangeChecked(string type, long first, long second, double expected)
    {
        Assert.Equal(expected, Rates(type, unchecked((ulong)first), unchecked((ulong)second), seconds: 10), 1e-12);
    }

    [Fact]
    public void Absolute_is_value_over_interval_then_over_elapsed_time()
    {
        var converter = new RateConverter();
        Assert.True(Types.TryGet("a", out var a));
        var results = new double[1];

        // uc_insert: the first sample already has a rate, value / interval.
        var first = converter.Convert("k"u8, a, T0, 10 * Second, [100UL], results);
        Assert.Equal(0, first.NoRateYet);
        Assert.Equal(10.0, results[0]);

        converter.Convert("k"u8, a, T0 + (20 * Second), 10 * Second, [50UL], results);
        Assert.Equal(2.5, results[0]);
    }

    [Fact]
    public void First_counter_or_derive_sample_has_no_rate()
    {
        var converter = new RateConverter();
        Assert.True(Types.TryGet("mix", out var mix));
        var results = new double[2];
        var outcome = converter.Convert("k"u8, mix, T0, Second, [BitConverter.DoubleToUInt64Bits(0.5), 7UL], results);
        Assert.Equal(1, outcome.NoRateYet);
        Assert.Equal(0.5, results[0]);
        Assert.True(double.IsNaN(results[1]));
    }

    [Fact]
    public void Gauges_pass_through_unchecked()
    {
        // write_graphite prints the raw gauge, not the cache's range-checked copy: 5 with max 1 stays 5.
        var converter = new RateConverter();
        Assert.True(Types.TryGet("g", out var g));
        var results = new double[1];
        converter.Convert("k"u8, g, T0, Second, [BitConverter.DoubleToUInt64Bits(5)], results);
        Assert.Equal(5, results[0]);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Rejects_values_not_newer_than_the_last_one(long deltaHr)
    {
        var converter = new RateConverter();
        Assert.True(Types.TryGet("c", out var c));
        var results = new double[1];
        converter.Convert("k"u8, c, T0, Second, [1UL], results);
        converter.Convert("k"u8, c, T0 + (10 * Second), Second, [11UL], results);

        var outcome = converter.Convert("k"u8, c, (ulong)((long)T0 + (10 * (long)Second) + deltaHr), Second, [1000UL], results);
        Assert.True(outcome.TooOld);

        // State untouched: the next sample's rate is relative to the last accepted one.
        converter.Convert("k"u8, c, T0 + (20 * Second), Second, [21UL], results);
        Assert.Equal(1.0, results[0]);
    }

    [Fact]
    public void Identifiers_are_independent()
    {
        var converter = new RateConverter();
        Assert.True(Types.TryGet("c", out var c));
        var results = new double[1];
        converter.Convert("a"u8, c, T0, Second, [0UL], results);
        converter.Convert("b"u8, c, T0, Second, [1000UL], results);
        converter.Convert("a"u8, c, T0 + Second, Second, [5UL], results);
        Assert.Equal(5.0, results[0]);
        Assert.Equal(2, converter.Count);
    }

    [Fact]
    public void Forgets_identifiers_silent_for_ten_intervals()
    {
        var clock = new ManualClock();
        var converter = new RateConverter(clock, sweepPeriod: TimeSpan.FromSeconds(1));
        Assert.True(Types.TryGet("c", out var c));
        var results = new double[1];
        converter.Convert("quiet"u8, c, T0, 10 * Second, [1UL], results);
        converter.Convert("busy"u8, c, T0, 1000 * Second, [1UL], results);

        clock.Advance(TimeSpan.FromSeconds(101));
        converter.Convert("other"u8, c, T0, 10 * Second, [1UL], results);

        Assert.Equal(1, converter.Evicted);
        Assert.Equal(2, converter.Count);
        var outcome = converter.Convert("quiet"u8, c, T0 + (200 * Second), 10 * Second, [2UL], results);
        Assert.Equal(1, outcome.NoRateYet); // started over
    }

    [Fact]
    public void Bounds_the_state_table()
    {
        var clock = new ManualClock();
        var converter = new RateConverter(clock, maxIdentifiers: 2);
        Assert.True(Types.TryGet("c", out var c));
        var results = new double[1];
        converter.Convert("a"u8, c, T0, Second, [1UL], results);
        converter.Convert("b"u8, c, T0, Second, [1UL], results);
        var full = converter.Convert("c"u8, c, T0, Second, [1UL], results);
        Assert.True(full.StateTableFull);
        Assert.Equal(2, converter.Count);

        clock.Advance(TimeSpan.FromSeconds(11)); // a and b are now stale (10 × 1 s)
        Assert.False(converter.Convert("c"u8, c, T0 + Second, Second, [1UL], results).StateTableFull);
        Assert.Equal(1, converter.Count);
    }

    private static double Rates(string type, ulong first, ulong second, int seconds)
    {
        var converter = new RateConverter();
        Assert.True(Types.TryGet(type, out var dataSet));
        var results = new double[1];
        converter.Convert("k"u8, dataSet, T0, (ulong)seconds * Second, [first], results);
        var outcome = converter.Convert("k"u8, dataSet, T0 + ((ulong)seconds * Second), (ulong)seconds * Second, [second], results);
        Assert.False(outcome.TooOld);
        return results[0];
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
