using System.Buffers;
using System.Buffers.Binary;
using Mine.Core.Series;

namespace Mine.Relay.Chunks;

/// <summary>
/// The uncompressed record stream inside a chunk (docs/relay.md, "Chunk records"): per point, the name's length as
/// an unsigned LEB128 varint, the name's UTF-8 bytes, the timestamp as a little-endian int64 (seconds) and the
/// value as a little-endian IEEE double. Records are appended as points arrive, so a staged chunk on disk is a
/// prefix of records; a torn last record (a crash mid-write) is detected and cut by <see cref="TryReadAll"/>.
/// </summary>
public static class ChunkRecords
{
    /// <summary>Longest name a record may carry (carbon closes a connection on a line over 16,384 bytes).</summary>
    public const int MaxNameBytes = 65_535;

    /// <summary>Bytes a record of a name of <paramref name="nameLength"/> bytes takes.</summary>
    public static int RecordSize(int nameLength) => VarintSize((uint)nameLength) + nameLength + 16;

    /// <summary>Appends one record.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> name, long timestampSeconds, double value)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (name.IsEmpty || name.Length > MaxNameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(name), name.Length, $"a chunk record's name is 1 to {MaxNameBytes} bytes");
        }

        var span = output.GetSpan(RecordSize(name.Length));
        var at = WriteVarint(span, (uint)name.Length);
        name.CopyTo(span[at..]);
        at += name.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], timestampSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 8)..], value);
        output.Advance(at + 16);
    }

    /// <summary>Appends every point of <paramref name="batch"/>.</summary>
    public static void WriteAll(IBufferWriter<byte> output, PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            Write(output, batch.Name(i), batch.Timestamp(i), batch.Value(i));
        }
    }

    /// <summary>
    /// Reads records into <paramref name="batch"/> until the data ends. Returns the number of bytes that hold whole
    /// records: less than <paramref name="data"/>'s length when the last record is torn (cut short by a crash).
    /// A record that cannot be one (an empty or over-long name) throws <see cref="ChunkFormatException"/>.
    /// </summary>
    public static int TryReadAll(ReadOnlySpan<byte> data, PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var at = 0;
        while (at < data.Length)
        {
            if (!TryReadVarint(data[at..], out var nameLength, out var varintBytes))
            {
                return at;
            }

            if (nameLength == 0 || nameLength > MaxNameBytes)
            {
                throw new ChunkFormatException($"chunk record at byte {at} has a name of {nameLength} bytes (1 to {MaxNameBytes} allowed)");
            }

            var recordEnd = (long)at + varintBytes + nameLength + 16;
            if (recordEnd > data.Length)
            {
                return at;
            }

            var name = data.Slice(at + varintBytes, (int)nameLength);
            var fixedPart = data[(at + varintBytes + (int)nameLength)..];
            batch.Add(name, BinaryPrimitives.ReadInt64LittleEndian(fixedPart), BinaryPrimitives.ReadDoubleLittleEndian(fixedPart[8..]));
            at = (int)recordEnd;
        }

        return at;
    }

    /// <summary>Reads records that must fill <paramref name="data"/> exactly (a sealed chunk): a torn end throws.</summary>
    public static void ReadAll(ReadOnlySpan<byte> data, PointBatch batch)
    {
        var whole = TryReadAll(data, batch);
        if (whole != data.Length)
        {
            throw new ChunkFormatException($"chunk records end in a torn record at byte {whole} of {data.Length}");
        }
    }

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> span, uint value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[at++] = (byte)value;
        return at;
    }

    /// <summary>Reads an unsigned LEB128 of at most 3 bytes (enough for <see cref="MaxNameBytes"/>); false when the
    /// data ends inside it. A longer varint is a format error, not a torn one.</summary>
    private static bool TryReadVarint(ReadOnlySpan<byte> span, out uint value, out int bytes)
    {
        value = 0;
        for (bytes = 0; bytes < span.Length; bytes++)
        {
            if (bytes == 3)
            {
                throw new ChunkFormatException("chunk record name length is not a varint of at most 3 bytes");
            }

            var b = span[bytes];
            value |= (uint)(b & 0x7F) << (7 * bytes);
            if ((b & 0x80) == 0)
            {
                bytes++;
                return true;
            }
        }

        return false;
    }
}
