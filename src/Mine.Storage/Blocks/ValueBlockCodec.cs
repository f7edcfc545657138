using System.Buffers;

namespace Mine.Storage.Blocks;

/// <summary>
/// Encodes a block: a run of fixed-step slots of one series, NaN meaning "no value". Timestamps are implicit
/// (slot i is start + i × step, kept by the caller), and so is the slot count n, which the caller passes back to
/// <see cref="Decode"/> as the length of the destination span.
/// <para>
/// Layout (format version 1, see docs/storage-format.md): [header byte][varint present count][presence][values].
/// Each present value comes back bit-exact; every NaN comes back as <see cref="double.NaN"/>.
/// </para>
/// </summary>
public static class ValueBlockCodec
{
    // Blocks up to this many values keep their scratch on the stack; larger ones rent from the shared pool.
    private const int StackValues = 256;

    /// <summary>Upper bound of <see cref="Encode"/>'s output for <paramref name="slotCount"/> slots.</summary>
    public static int MaxEncodedLength(int slotCount) =>
        1 + VarInt.MaxLength + PresenceCodec.BitmapSize(slotCount) + GorillaXorCodec.MaxSize(slotCount);

    /// <summary>Appends the encoded block to <paramref name="output"/> and returns the number of bytes written.</summary>
    public static int Encode(ReadOnlySpan<double> slots, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var presentCount = 0;
        foreach (var value in slots)
        {
            presentCount += double.IsNaN(value) ? 0 : 1;
        }

        var presence = PresenceCodec.Choose(slots, presentCount, out var presenceSize);

        // Ask for the worst case once: the chosen encoding is never larger than Gorilla's bound.
        var destination = output.GetSpan(1 + VarInt.MaxLength + presenceSize + GorillaXorCodec.MaxSize(presentCount));
        var position = VarInt.Write(destination, 1, (ulong)presentCount);
        position += PresenceCodec.Write(presence, slots, destination[position..]);

        var header = ValueBlockFormat.Header(presence, ValueKind.None);
        if (presentCount > 0)
        {
            position += EncodeValues(slots, presentCount, destination[position..], out var plan);
            header = ValueBlockFormat.Header(presence, plan.Kind, plan.DeltaOfDelta, plan.Packed);
        }

        destination[0] = header;
        output.Advance(position);
        return position;
    }

    /// <summary>
    /// Decodes a block into <paramref name="slots"/>, whose length must be the slot count the block was encoded
    /// with. Throws <see cref="InvalidDataException"/> for damaged or foreign bytes.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> encoded, Span<double> slots)
    {
        var reader = new BlockReader(encoded);
        var header = ReadHeader(ref reader);
        var presence = (PresenceEncoding)(header & ValueBlockFormat.PresenceMask);
        var kind = (ValueKind)((header & ValueBlockFormat.KindMask) >> ValueBlockFormat.KindShift);
        var presentCount = reader.ReadCount(slots.Length, "present count");
        if (presentCount == 0 || kind == ValueKind.None)
        {
            if (presentCount != 0 || header != 0)
            {
                CorruptBlock.Throw("present count and value encoding disagree");
            }

            slots.Fill(double.NaN);
            ExpectEnd(ref reader);
            return;
        }

        ReadOnlySpan<byte> presenceBytes = default;
        switch (presence)
        {
            case PresenceEncoding.All when presentCount != slots.Length:
                CorruptBlock.Throw($"block says all slots are present but holds {presentCount} of {slots.Length}");
                break;
            case PresenceEncoding.GapRuns:
                presenceBytes = reader.ReadBytes(PresenceCodec.MeasureGapRuns(reader.Rest, presentCount, slots.Length));
                break;
            case PresenceEncoding.Bitmap:
                presenceBytes = reader.ReadBytes(PresenceCodec.BitmapSize(slots.Length));
                PresenceCodec.CheckBitmap(presenceBytes, presentCount, slots.Length);
                break;
        }

        // Values land packed at the tail of the destination and are then spread to their slots in place.
        var packedValues = slots[(slots.Length - presentCount)..];
        if (kind == ValueKind.GorillaXor)
        {
            GorillaXorCodec.Read(ref reader, packedValues);
        }
        else
        {
            var deltaOfDelta = (header & ValueBlockFormat.DeltaOfDeltaFlag) != 0;
            var packed = (header & ValueBlockFormat.PackedFlag) != 0;
            ScaledValueCodec.Read(kind, deltaOfDelta, packed, ref reader, packedValues);
        }

        ExpectEnd(ref reader);
        if (presence == PresenceEncoding.GapRuns)
        {
            PresenceCodec.ScatterGapRuns(presenceBytes, slots, presentCount);
        }
        else if (presence == PresenceEncoding.Bitmap)
        {
            PresenceCodec.ScatterBitmap(presenceBytes, slots, presentCount);
        }
    }

    /// <summary>Number of non-empty slots, read from the header without decoding anything.</summary>
    public static int CountPresent(ReadOnlySpan<byte> encoded)
    {
        var reader = new BlockReader(encoded);
        ReadHeader(ref reader);
        return reader.ReadCount(int.MaxValue, "present count");
    }

    private static int EncodeValues(ReadOnlySpan<double> slots, int count, Span<byte> destination, out ScaledPlan plan)
    {
        double[]? rentedValues = null;
        long[]? rentedMantissas = null;
        var values = count <= StackValues
            ? stackalloc double[StackValues]
            : (rentedValues = ArrayPool<double>.Shared.Rent(count));
        var mantissas = count <= StackValues
            ? stackalloc long[StackValues]
            : (rentedMantissas = ArrayPool<long>.Shared.Rent(count));
        try
        {
            values = values[..count];
            mantissas = mantissas[..count];
            var next = 0;
            foreach (var value in slots)
            {
                if (!double.IsNaN(value))
                {
                    values[next++] = value;
                }
            }

            var isScaled = ScaledValueCodec.TryPlan(values, mantissas, out plan);

            // Gorilla is only worth running when it could possibly beat the scaled plan.
            if (isScaled && plan.Size <= GorillaXorCodec.MinSize(values))
            {
                return ScaledValueCodec.Write(plan, mantissas, destination);
            }

            var gorillaSize = GorillaXorCodec.Write(values, destination);
            if (isScaled && plan.Size < gorillaSize)
            {
                return ScaledValueCodec.Write(plan, mantissas, destination);
            }

            plan = new ScaledPlan(ValueKind.GorillaXor, 0, false, false, gorillaSize);
            return gorillaSize;
        }
        finally
        {
            if (rentedValues is not null)
            {
                ArrayPool<double>.Shared.Return(rentedValues);
            }

            if (rentedMantissas is not null)
            {
                ArrayPool<long>.Shared.Return(rentedMantissas);
            }
        }
    }

    private static byte ReadHeader(ref BlockReader reader)
    {
        var header = reader.ReadByte();
        if ((header & ValueBlockFormat.ReservedMask) != 0)
        {
            throw new InvalidDataException(
                $"Value block header 0x{header:X2} uses bits reserved by format version 1; it was written by a newer Mine or is damaged.");
        }

        var kind = (ValueKind)((header & ValueBlockFormat.KindMask) >> ValueBlockFormat.KindShift);
        var flags = header & (ValueBlockFormat.DeltaOfDeltaFlag | ValueBlockFormat.PackedFlag);
        if ((header & ValueBlockFormat.PresenceMask) > (int)PresenceEncoding.Bitmap
            || (flags != 0 && kind is ValueKind.None or ValueKind.GorillaXor))
        {
            CorruptBlock.Throw($"unknown encoding in header 0x{header:X2}");
        }

        return header;
    }

    private static void ExpectEnd(ref BlockReader reader)
    {
        if (reader.Remaining != 0)
        {
            CorruptBlock.Throw($"{reader.Remaining} unexpected bytes after the values");
        }
    }
}
