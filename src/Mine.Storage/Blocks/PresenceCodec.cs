using System.Buffers.Binary;
using System.Numerics;

namespace Mine.Storage.Blocks;

/// <summary>
/// Stores which slots of a block hold a value. The three shapes that matter in Graphite data are all cheap here:
/// a full block costs nothing, a 5-minute series in a 1-minute archive (1 slot in 5) is one (gap, repeat) pair,
/// and a few holes cost two or three pairs each. Irregular presence falls back to a bitmap.
/// </summary>
internal static class PresenceCodec
{
    /// <summary>Picks the cheapest encoding and returns its size in bytes.</summary>
    public static PresenceEncoding Choose(ReadOnlySpan<double> slots, int presentCount, out int size)
    {
        if (presentCount == slots.Length || presentCount == 0)
        {
            size = 0;
            return PresenceEncoding.All;
        }

        var bitmapSize = BitmapSize(slots.Length);
        var runsSize = GapRunsSize(slots, bitmapSize);
        if (runsSize <= bitmapSize)
        {
            size = runsSize;
            return PresenceEncoding.GapRuns;
        }

        size = bitmapSize;
        return PresenceEncoding.Bitmap;
    }

    public static int BitmapSize(int slotCount) => (slotCount + 7) >> 3;

    public static int Write(PresenceEncoding encoding, ReadOnlySpan<double> slots, Span<byte> destination)
    {
        return encoding switch
        {
            PresenceEncoding.GapRuns => WriteGapRuns(slots, destination),
            PresenceEncoding.Bitmap => WriteBitmap(slots, destination),
            _ => 0,
        };
    }

    /// <summary>
    /// Size of the gap-run encoding: the present indices as gaps from the previous index (the first from -1),
    /// with equal consecutive gaps merged into (gap, repeat - 1). Stops counting once it exceeds
    /// <paramref name="giveUpAbove"/>, the size of the bitmap it competes with.
    /// </summary>
    private static int GapRunsSize(ReadOnlySpan<double> slots, int giveUpAbove)
    {
        var size = 0;
        long previous = -1;
        long runGap = 0;
        long runLength = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (double.IsNaN(slots[i]))
            {
                continue;
            }

            var gap = i - previous;
            previous = i;
            if (gap == runGap)
            {
                runLength++;
                continue;
            }

            if (runLength > 0)
            {
                size += VarInt.Length((ulong)runGap) + VarInt.Length((ulong)(runLength - 1));
                if (size > giveUpAbove)
                {
                    return size;
                }
            }

            runGap = gap;
            runLength = 1;
        }

        return size + VarInt.Length((ulong)runGap) + VarInt.Length((ulong)(runLength - 1));
    }

    private static int WriteGapRuns(ReadOnlySpan<double> slots, Span<byte> destination)
    {
        var position = 0;
        long previous = -1;
        long runGap = 0;
        long runLength = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (double.IsNaN(slots[i]))
            {
                continue;
            }

            var gap = i - previous;
            previous = i;
            if (gap == runGap)
            {
                runLength++;
                continue;
            }

            if (runLength > 0)
            {
                position = VarInt.Write(destination, position, (ulong)runGap);
                position = VarInt.Write(destination, position, (ulong)(runLength - 1));
            }

            runGap = gap;
            runLength = 1;
        }

        position = VarInt.Write(destination, position, (ulong)runGap);
        return VarInt.Write(destination, position, (ulong)(runLength - 1));
    }

    private static int WriteBitmap(ReadOnlySpan<double> slots, Span<byte> destination)
    {
        var size = BitmapSize(slots.Length);
        destination[..size].Clear();
        for (var i = 0; i < slots.Length; i++)
        {
            if (!double.IsNaN(slots[i]))
            {
                destination[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return size;
    }

    /// <summary>
    /// Checks that the gap runs at the start of <paramref name="data"/> describe exactly
    /// <paramref name="presentCount"/> increasing indices below <paramref name="slotCount"/>; returns their length.
    /// </summary>
    public static int MeasureGapRuns(ReadOnlySpan<byte> data, int presentCount, int slotCount)
    {
        var runs = new BlockReader(data);
        long index = -1;
        long seen = 0;
        while (seen < presentCount)
        {
            var gap = runs.ReadVarUInt64();
            var repeat = runs.ReadVarUInt64() + 1;
            if (gap == 0 || repeat == 0 || repeat > (ulong)(presentCount - seen) || gap > (ulong)slotCount)
            {
                CorruptBlock.Throw("bad presence run");
            }

            index += (long)gap * (long)repeat;
            seen += (long)repeat;
            if (index >= slotCount)
            {
                CorruptBlock.Throw("presence run points past the end of the block");
            }
        }

        return runs.Position;
    }

    /// <summary>
    /// Moves values packed at the tail of <paramref name="slots"/> (slots[n - count + j] is the j-th present value)
    /// to their slot indices and fills the holes with NaN. Works in place: the j-th index is never greater than
    /// n - count + j, so a forward pass never overwrites a value it has yet to move.
    /// </summary>
    public static void ScatterGapRuns(ReadOnlySpan<byte> runs, Span<double> slots, int presentCount)
    {
        var reader = new BlockReader(runs);
        var source = slots.Length - presentCount;
        var next = 0;
        var index = -1;
        var moved = 0;
        while (moved < presentCount)
        {
            var gap = (int)reader.ReadVarUInt64();
            var repeat = (int)reader.ReadVarUInt64() + 1;
            for (var r = 0; r < repeat; r++)
            {
                index += gap;
                var value = slots[source + moved];
                slots[next..index].Fill(double.NaN);
                slots[index] = value;
                next = index + 1;
                moved++;
            }
        }

        slots[next..].Fill(double.NaN);
    }

    /// <summary>Validates a bitmap against the present count.</summary>
    public static void CheckBitmap(ReadOnlySpan<byte> bitmap, int presentCount, int slotCount)
    {
        var count = 0;
        for (var i = 0; i < bitmap.Length; i++)
        {
            count += BitOperations.PopCount(bitmap[i]);
        }

        var tailBits = slotCount & 7;
        if (count != presentCount || (tailBits != 0 && (bitmap[^1] >> tailBits) != 0))
        {
            CorruptBlock.Throw("presence bitmap disagrees with the present count");
        }
    }

    /// <summary>Same in-place tail-to-index move as <see cref="ScatterGapRuns"/>, driven by a bitmap.</summary>
    public static void ScatterBitmap(ReadOnlySpan<byte> bitmap, Span<double> slots, int presentCount)
    {
        var source = slots.Length - presentCount;
        var next = 0;
        var moved = 0;
        for (var wordStart = 0; wordStart < bitmap.Length; wordStart += 8)
        {
            var word = ReadWord(bitmap, wordStart);
            while (word != 0)
            {
                var index = (wordStart * 8) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var value = slots[source + moved];
                slots[next..index].Fill(double.NaN);
                slots[index] = value;
                next = index + 1;
                moved++;
            }
        }

        slots[next..].Fill(double.NaN);
    }

    private static ulong ReadWord(ReadOnlySpan<byte> bitmap, int start)
    {
        if (start + 8 <= bitmap.Length)
        {
            return BinaryPrimitives.ReadUInt64LittleEndian(bitmap[start..]);
        }

        ulong word = 0;
        for (var i = 0; start + i < bitmap.Length; i++)
        {
            word |= (ulong)bitmap[start + i] << (8 * i);
        }

        return word;
    }
}
