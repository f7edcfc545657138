using System.Buffers;
using Mine.Storage.Blocks;

namespace Mine.Storage.Tests.Blocks;

internal static class BlockAssert
{
    private static readonly long CanonicalNaN = BitConverter.DoubleToInt64Bits(double.NaN);

    public static byte[] Encode(ReadOnlySpan<double> slots)
    {
        var writer = new ArrayBufferWriter<byte>();
        var written = ValueBlockCodec.Encode(slots, writer);
        Assert.Equal(writer.WrittenCount, written);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes, decodes and checks every slot bit for bit; returns the encoded block.</summary>
    public static byte[] RoundTrips(ReadOnlySpan<double> slots)
    {
        var encoded = Encode(slots);
        var decoded = new double[slots.Length];
        decoded.AsSpan().Fill(42); // proves Decode writes every slot
        ValueBlockCodec.Decode(encoded, decoded);
        var present = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var expected = double.IsNaN(slots[i]) ? CanonicalNaN : BitConverter.DoubleToInt64Bits(slots[i]);
            var actual = BitConverter.DoubleToInt64Bits(decoded[i]);
            if (expected != actual)
            {
                Assert.Fail($"slot {i}: expected {slots[i]:R} (0x{expected:X16}), got {decoded[i]:R} (0x{actual:X16}); encoding {Describe(encoded)}");
            }

            present += double.IsNaN(slots[i]) ? 0 : 1;
        }

        Assert.Equal(present, ValueBlockCodec.CountPresent(encoded));
        return encoded;
    }

    public static PresenceEncoding Presence(byte[] encoded) =>
        (PresenceEncoding)(encoded[0] & ValueBlockFormat.PresenceMask);

    public static ValueKind Kind(byte[] encoded) =>
        (ValueKind)((encoded[0] & ValueBlockFormat.KindMask) >> ValueBlockFormat.KindShift);

    public static bool DeltaOfDelta(byte[] encoded) => (encoded[0] & ValueBlockFormat.DeltaOfDeltaFlag) != 0;

    public static bool Packed(byte[] encoded) => (encoded[0] & ValueBlockFormat.PackedFlag) != 0;

    /// <summary>Value encoding in words, e.g. "Decimal dod packed".</summary>
    public static string ValueEncoding(byte[] encoded) => Kind(encoded) is ValueKind.Decimal or ValueKind.Binary
        ? $"{Kind(encoded)} {(DeltaOfDelta(encoded) ? "dod" : "delta")} {(Packed(encoded) ? "packed" : "varint")}"
        : Kind(encoded).ToString();

    public static string Describe(byte[] encoded) => $"{Presence(encoded)}/{ValueEncoding(encoded)}, {encoded.Length} bytes";
}
