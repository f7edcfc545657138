using System.Buffers.Binary;
using Mine.Core.Buffers;

namespace Mine.ClickHouse.Rows;

/// <summary>
/// ClickHouse's RowBinary, the columns of carbon-clickhouse's tables (docs/clickhouse.md, "RowBinary"): String as a
/// LEB128 length then its bytes, Float64 and UInt32 little-endian, Date as UInt16 days since 1970-01-01,
/// Array(String) as a LEB128 count then its strings.
/// </summary>
public static class RowBinaryWriter
{
    private const long SecondsPerDay = 86_400;

    /// <summary>A points row: Path, Value, Time, Date (the point's day), Timestamp (when Mine accepted it).</summary>
    public static void WritePoint(PooledBufferWriter output, ReadOnlySpan<byte> path, double value, uint time, uint timestamp)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteString(output, path);
        var span = output.GetSpan(14);
        BinaryPrimitives.WriteDoubleLittleEndian(span, value);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], time);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DayOf(time));
        output.Advance(14);
        WriteUInt32(output, timestamp);
    }

    /// <summary>An index row: Date, Level, Path, Version.</summary>
    public static void WriteIndexRow(PooledBufferWriter output, ushort date, uint level, ReadOnlySpan<byte> path, uint version)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(6);
        BinaryPrimitives.WriteUInt16LittleEndian(span, date);
        BinaryPrimitives.WriteUInt32LittleEndian(span[2..], level);
        output.Advance(6);
        WriteString(output, path);
        WriteUInt32(output, version);
    }

    /// <summary>A tagged row: Date, Tag1, Path, Tags, Version.</summary>
    public static void WriteTaggedRow(PooledBufferWriter output, ushort date, ReadOnlySpan<byte> tag1, ReadOnlySpan<byte> path, IReadOnlyList<byte[]> tags, uint version)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(tags);
        var span = output.GetSpan(2);
        BinaryPrimitives.WriteUInt16LittleEndian(span, date);
        output.Advance(2);
        WriteString(output, tag1);
        WriteString(output, path);
        WriteVarUInt(output, (ulong)tags.Count);
        foreach (var tag in tags)
        {
            WriteString(output, tag);
        }

        WriteUInt32(output, version);
    }

    /// <summary>The Date of a Unix time: whole days since 1970-01-01 (UTC).</summary>
    public static ushort DayOf(long unixSeconds) => (ushort)Math.Clamp(unixSeconds / SecondsPerDay, 0, ushort.MaxValue);

    public static void WriteString(PooledBufferWriter output, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteVarUInt(output, (ulong)bytes.Length);
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void WriteUInt32(PooledBufferWriter output, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    private static void WriteVarUInt(PooledBufferWriter output, ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }
}
