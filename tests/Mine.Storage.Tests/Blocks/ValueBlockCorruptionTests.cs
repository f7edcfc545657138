using Mine.Storage.Blocks;

namespace Mine.Storage.Tests.Blocks;

/// <summary>A damaged block must fail with InvalidDataException (or decode to something), never crash otherwise.</summary>
public class ValueBlockCorruptionTests
{
    [Fact]
    public void Reserved_header_bits_are_refused()
    {
        var encoded = BlockAssert.Encode([1.0, 2.0]);
        encoded[0] |= 0x40;
        var error = Assert.Throws<InvalidDataException>(() => ValueBlockCodec.Decode(encoded, new double[2]));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_shorter_than_the_present_count_is_refused()
    {
        var encoded = BlockAssert.Encode(SampleSeries.Fleet(new Random(1), 288));
        Assert.Throws<InvalidDataException>(() => ValueBlockCodec.Decode(encoded, new double[287]));
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var encoded = BlockAssert.Encode(SampleSeries.Fleet(new Random(1), 288));
        Assert.Throws<InvalidDataException>(() => ValueBlockCodec.Decode([.. encoded, 0], new double[288]));
    }

    [Fact]
    public void Empty_input_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ValueBlockCodec.Decode([], new double[3]));
        Assert.Throws<InvalidDataException>(() => ValueBlockCodec.CountPresent([]));
    }

    [Fact]
    public void Random_damage_never_escapes_as_anything_but_InvalidDataException()
    {
        var random = new Random(12345);
        var blocks = new List<(byte[] Encoded, int Slots)>();
        foreach (var size in new[] { 1, 3, 40, 288 })
        {
            blocks.Add((BlockAssert.Encode(SampleSeries.Fleet(random, size)), size));
            blocks.Add((BlockAssert.Encode(SampleSeries.RandomBits(random, size)), size));
            blocks.Add((BlockAssert.Encode(SampleSeries.Strided(SampleSeries.Fleet(random, size), 5, 1)), size));
            var sparse = SampleSeries.CounterRate(random, size);
            for (var i = 0; i < sparse.Length; i += 3)
            {
                sparse[i] = double.NaN;
            }

            blocks.Add((BlockAssert.Encode(sparse), size));
        }

        var destination = new double[400];
        for (var trial = 0; trial < 20_000; trial++)
        {
            var (original, slots) = blocks[random.Next(blocks.Count)];
            var damaged = Damage(random, original);
            var target = destination.AsSpan(0, random.Next(4) == 0 ? random.Next(destination.Length) : slots);
            try
            {
                ValueBlockCodec.Decode(damaged, target);
                ValueBlockCodec.CountPresent(damaged);
            }
            catch (InvalidDataException)
            {
                // expected for most damage
            }
        }
    }

    private static byte[] Damage(Random random, byte[] original)
    {
        var damaged = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    var bit = random.Next(damaged.Length * 8);
                    damaged[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return damaged;
            case 1:
                return damaged[..random.Next(damaged.Length)];
            case 2:
                random.NextBytes(damaged.AsSpan(random.Next(damaged.Length)));
                return damaged;
            default:
                var garbage = new byte[random.Next(1, 64)];
                random.NextBytes(garbage);
                return garbage;
        }
    }
}
