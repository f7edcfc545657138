using System.Numerics;

namespace Mine.Storage.Blocks;

/// <summary>
/// The two ways a stream of signed differences is stored. Varints spend whole bytes but let one outlier stay local;
/// bit-packing gives every value of a group of <see cref="ValueBlockFormat.PackedGroupSize"/> the width of the
/// group's largest zigzagged value, which wins on smooth series where deltas need 9-14 bits. The encoder measures
/// both and keeps the smaller.
/// </summary>
internal static class IntegerPacking
{
    private const int WidthBits = 7;
    private const int GroupSize = ValueBlockFormat.PackedGroupSize;

    /// <summary>
    /// The stream of differences of <paramref name="order"/> 1 (deltas) or 2 (delta-of-deltas) over mantissas:
    /// element j is m[j+1]-m[j], or (m[j+2]-m[j+1])-(m[j+1]-m[j]).
    /// </summary>
    public static long Difference(ReadOnlySpan<long> mantissas, int order, int j) => order == 1
        ? mantissas[j + 1] - mantissas[j]
        : mantissas[j + 2] - (2 * mantissas[j + 1]) + mantissas[j];

    /// <summary>
    /// Sizes of the four stream encodings (first or second differences, varint or packed) in one pass; the
    /// difference streams themselves are never materialized.
    /// </summary>
    public static StreamSizes Measure(ReadOnlySpan<long> mantissas)
    {
        var delta = new SizeCounter();
        var deltaOfDelta = new SizeCounter();
        long previousDelta = 0;
        for (var i = 1; i < mantissas.Length; i++)
        {
            var difference = mantissas[i] - mantissas[i - 1];
            delta.Add(VarInt.ZigZag(difference));
            if (i >= 2)
            {
                deltaOfDelta.Add(VarInt.ZigZag(difference - previousDelta));
            }

            previousDelta = difference;
        }

        return new StreamSizes(delta.VarintBytes, delta.PackedBytes, deltaOfDelta.VarintBytes, deltaOfDelta.PackedBytes);
    }

    public static int WriteVarints(ReadOnlySpan<long> mantissas, int order, Span<byte> destination)
    {
        var position = 0;
        var length = mantissas.Length - order;
        for (var j = 0; j < length; j++)
        {
            position = VarInt.Write(destination, position, VarInt.ZigZag(Difference(mantissas, order, j)));
        }

        return position;
    }

    /// <summary>Writes the packed stream; <paramref name="destination"/> needs <see cref="BitWriter.Padding"/> spare bytes.</summary>
    public static int WritePacked(ReadOnlySpan<long> mantissas, int order, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        var length = mantissas.Length - order;
        for (var groupStart = 0; groupStart < length; groupStart += GroupSize)
        {
            var groupEnd = Math.Min(length, groupStart + GroupSize);
            ulong union = 0;
            for (var j = groupStart; j < groupEnd; j++)
            {
                union |= VarInt.ZigZag(Difference(mantissas, order, j));
            }

            var width = 64 - BitOperations.LeadingZeroCount(union);
            writer.Write((ulong)width, WidthBits);
            for (var j = groupStart; j < groupEnd; j++)
            {
                writer.Write(VarInt.ZigZag(Difference(mantissas, order, j)), width);
            }
        }

        return writer.Complete();
    }

    /// <summary>Reads <paramref name="destination"/>.Length varint-coded differences.</summary>
    public static void ReadVarints(ref BlockReader reader, scoped Span<long> destination)
    {
        for (var j = 0; j < destination.Length; j++)
        {
            destination[j] = reader.ReadZigZag();
        }
    }

    /// <summary>Reads one group (at most <see cref="ValueBlockFormat.PackedGroupSize"/> values) of a packed stream.</summary>
    public static void ReadPackedGroup(ref BitReader reader, scoped Span<long> destination)
    {
        var width = (int)reader.Read(WidthBits);
        if (width > 64)
        {
            CorruptBlock.Throw($"packed width {width} exceeds 64");
        }

        reader.ReadZigZagGroup(width, destination);
    }

    /// <summary>Running sizes of one zigzagged difference stream under both packings.</summary>
    private struct SizeCounter
    {
        private long _packedBits;
        private ulong _groupUnion;
        private int _groupFill;

        public int VarintBytes { get; private set; }

        public readonly int PackedBytes =>
            (int)((_packedBits + (_groupFill > 0 ? GroupBits(_groupFill, _groupUnion) : 0) + 7) >> 3);

        public void Add(ulong zigzagged)
        {
            VarintBytes += VarInt.Length(zigzagged);
            _groupUnion |= zigzagged;
            if (++_groupFill == GroupSize)
            {
                _packedBits += GroupBits(GroupSize, _groupUnion);
                _groupUnion = 0;
                _groupFill = 0;
            }
        }

        private static long GroupBits(int count, ulong union) =>
            WidthBits + ((long)count * (64 - BitOperations.LeadingZeroCount(union)));
    }
}

/// <summary>Bytes each difference stream would take: first or second differences, varints or packed.</summary>
internal readonly record struct StreamSizes(int DeltaVarint, int DeltaPacked, int DeltaOfDeltaVarint, int DeltaOfDeltaPacked);
