using System.Buffers;
using FsCheck.Xunit;
using Mine.Storage.Blocks;

namespace Mine.Storage.Tests.Blocks;

public class ValueBlockCodecTests
{
    public static TheoryData<string, double[]> AwkwardValues() => new()
    {
        { "negative zero", [1.5, -0.0, 2.5] },
        { "only negative zero", [-0.0, -0.0] },
        { "infinities", [1, double.PositiveInfinity, double.NegativeInfinity, 2] },
        { "subnormals", [double.Epsilon, -double.Epsilon, 2.225073858507201e-308, 1e-310] },
        { "extremes", [double.MaxValue, double.MinValue, 0, 1] },
        { "17 significant digits", [0.1 + 0.2, 1 / 3.0, Math.PI, Math.E, 2.0000000000000004] },
        { "large integers", [9007199254740993.0, 1e22, 1e23, 123456789012345678.0, -4.5e18] },
        { "powers of ten at the edges", [1e-22, 1e-21, 1e22, 5e-324] },
        { "mixed decimal and binary", [0.2744140625, 60.123, 0.1, 1e-5] },
        { "exact decimals", [60.123, 61.5, 62, 59.001, -3.25] },
        { "integers with trailing zeros", [1200, 3400, 98700, 0, -500] },
        { "zeros", [0, 0, 0, 0] },
        { "single", [42.42] },
        { "two", [1.1, 2.2] },
    };

    [Theory]
    [MemberData(nameof(AwkwardValues))]
    public void Awkward_values_round_trip_bit_for_bit(string name, double[] values)
    {
        _ = name;
        BlockAssert.RoundTrips(values);

        // And with holes around them, so presence and values interact.
        var withGaps = new double[(values.Length * 3) + 1];
        withGaps.AsSpan().Fill(double.NaN);
        for (var i = 0; i < values.Length; i++)
        {
            withGaps[(i * 3) + 1] = values[i];
        }

        BlockAssert.RoundTrips(withGaps);
    }

    [Fact]
    public void Every_NaN_payload_comes_back_as_the_canonical_NaN()
    {
        double[] slots =
        [
            1, BitConverter.Int64BitsToDouble(0x7FF0000000000001), 2,
            BitConverter.Int64BitsToDouble(unchecked((long)0xFFFFFFFFFFFFFFFF)), -double.NaN, 3,
        ];
        var encoded = BlockAssert.RoundTrips(slots);
        Assert.Equal(3, ValueBlockCodec.CountPresent(encoded));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(288)]
    [InlineData(8640)]
    public void A_block_with_no_values_is_two_bytes(int slots)
    {
        var empty = new double[slots];
        empty.AsSpan().Fill(double.NaN);
        var encoded = BlockAssert.RoundTrips(empty);
        Assert.Equal(2, encoded.Length);
    }

    [Fact]
    public void A_full_block_stores_no_presence()
    {
        var encoded = BlockAssert.RoundTrips(SampleSeries.Fleet(new Random(1), 288));
        Assert.Equal(PresenceEncoding.All, BlockAssert.Presence(encoded));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(5, 3)]
    [InlineData(60, 7)]
    public void A_regular_stride_costs_a_few_bytes_of_presence(int stride, int offset)
    {
        var values = SampleSeries.Fleet(new Random(2), 1440);
        var strided = SampleSeries.Strided(values, stride, offset);
        var full = BlockAssert.Encode(Compact(strided));
        var encoded = BlockAssert.RoundTrips(strided);
        Assert.Equal(PresenceEncoding.GapRuns, BlockAssert.Presence(encoded));
        Assert.InRange(encoded.Length - full.Length, 1, 6);
    }

    [Fact]
    public void A_few_gaps_cost_a_few_bytes_each()
    {
        var values = SampleSeries.Fleet(new Random(3), 8640);
        var full = BlockAssert.Encode(values);
        foreach (var gap in new[] { 17, 18, 19, 2000, 5000, 5001, 8639 })
        {
            values[gap] = double.NaN;
        }

        var encoded = BlockAssert.RoundTrips(values);
        Assert.Equal(PresenceEncoding.GapRuns, BlockAssert.Presence(encoded));
        Assert.True(encoded.Length - full.Length < 7 * 4, $"{encoded.Length} vs {full.Length}");
    }

    [Fact]
    public void Irregular_presence_falls_back_to_a_bitmap()
    {
        var random = new Random(4);
        var values = SampleSeries.Fleet(random, 1000);
        for (var i = 0; i < values.Length; i++)
        {
            if (random.Next(2) == 0)
            {
                values[i] = double.NaN;
            }
        }

        var encoded = BlockAssert.RoundTrips(values);
        Assert.Equal(PresenceEncoding.Bitmap, BlockAssert.Presence(encoded));
    }

    [Fact]
    public void Each_kind_of_data_gets_its_codec()
    {
        var fleet = BlockAssert.RoundTrips(SampleSeries.Fleet(new Random(5), 288));
        Assert.Equal(ValueKind.Decimal, BlockAssert.Kind(fleet));

        var load = BlockAssert.RoundTrips(SampleSeries.BinaryFractionGauge(new Random(5), 288));
        Assert.Equal(ValueKind.Binary, BlockAssert.Kind(load));

        var pages = new double[288];
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i] = 4096.0 * (1_000_000 + (i * 37 % 1000));
        }

        Assert.Equal(ValueKind.Binary, BlockAssert.Kind(BlockAssert.RoundTrips(pages)));

        var noise = BlockAssert.RoundTrips(SampleSeries.RandomBits(new Random(5), 288));
        Assert.Equal(ValueKind.GorillaXor, BlockAssert.Kind(noise));
    }

    [Fact]
    public void A_steady_counter_costs_almost_nothing()
    {
        var counter = new double[8640];
        for (var i = 0; i < counter.Length; i++)
        {
            counter[i] = 1_000_000 + (i * 2_500.5);
        }

        var encoded = BlockAssert.RoundTrips(counter);
        Assert.True(BlockAssert.DeltaOfDelta(encoded) && BlockAssert.Packed(encoded), BlockAssert.Describe(encoded));
        Assert.True(encoded.Length < 8640 / 20, BlockAssert.Describe(encoded));
    }

    [Fact]
    public void A_constant_series_costs_almost_nothing()
    {
        var constant = new double[8640];
        constant.AsSpan().Fill(0.2744140625);
        var encoded = BlockAssert.RoundTrips(constant);
        Assert.True(encoded.Length < 8640 / 20, BlockAssert.Describe(encoded));
    }

    [Fact]
    public void Sample_shapes_round_trip_at_every_block_size()
    {
        var random = new Random(6);
        foreach (var size in new[] { 1, 2, 3, 31, 32, 33, 64, 288, 1440, 8640 })
        {
            BlockAssert.RoundTrips(SampleSeries.Fleet(random, size));
            BlockAssert.RoundTrips(SampleSeries.BinaryFractionGauge(random, size));
            BlockAssert.RoundTrips(SampleSeries.CounterRate(random, size));
            BlockAssert.RoundTrips(SampleSeries.RandomBits(random, size));
            BlockAssert.RoundTrips(SampleSeries.Strided(SampleSeries.Fleet(random, size), 5, 2));
        }
    }

    [Property(MaxTest = 500)]
    public void Any_doubles_round_trip(double[] values, int holeSeed)
    {
        var holes = new Random(holeSeed);
        var slots = (double[])values.Clone();
        for (var i = 0; i < slots.Length; i++)
        {
            if (holes.Next(4) == 0)
            {
                slots[i] = double.NaN;
            }
        }

        BlockAssert.RoundTrips(values);
        BlockAssert.RoundTrips(slots);
    }

    [Fact]
    public void Encoding_allocates_nothing_once_warm()
    {
        var small = SampleSeries.Fleet(new Random(7), 288);
        var large = SampleSeries.Fleet(new Random(8), 8640);
        var writer = new ArrayBufferWriter<byte>(1 << 20);
        var decoded = new double[large.Length];
        var encoded = BlockAssert.Encode(large);
        ValueBlockCodec.Encode(large, writer); // warm the array pool
        writer.ResetWrittenCount();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            ValueBlockCodec.Encode(small, writer);
            ValueBlockCodec.Encode(large, writer);
            ValueBlockCodec.Decode(encoded, decoded);
            writer.ResetWrittenCount();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double[] Compact(double[] slots)
    {
        var present = new List<double>();
        foreach (var value in slots)
        {
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }

        return [.. present];
    }
}
