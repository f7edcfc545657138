using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=msgpack: the <see cref="SeriesInfo"/> dictionaries as Python's <c>msgpack.dump(..., use_bin_type=True)</c>
/// writes them: smallest int encodings, float64 for floats, nil for None, str8/16/32 for strings.
/// </summary>
public static class MsgPackRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList)
    {
        WriteArrayHeader(output, seriesList.Count);
        foreach (var series in seriesList)
        {
            var fields = SeriesInfo.Fields(series).ToList();
            WriteHeader(output, fields.Count, 0x80, 0xde);
            foreach (var (key, value) in fields)
            {
                WriteString(output, key);
                switch (value)
                {
                    case string s:
                        WriteString(output, s);
                        break;
                    case long l:
                        WriteInt(output, l);
                        break;
                    case double d:
                        WriteFloat(output, d);
                        break;
                    case double[] values:
                        WriteArrayHeader(output, values.Length);
                        foreach (var v in values)
                        {
                            WriteFloat(output, v);
                        }

                        break;
                    default:
                        output.WriteByte(0xc0);
                        break;
                }
            }
        }
    }

    internal static void WriteArrayHeader(IBufferWriter<byte> output, int count) => WriteHeader(output, count, 0x90, 0xdc);

    /// <summary>fixarray/fixmap below 16 entries, else the 16- or 32-bit form (code16, code16 + 1).</summary>
    internal static void WriteHeader(IBufferWriter<byte> output, int count, byte fixCode, byte code16)
    {
        if (count < 16)
        {
            output.WriteByte((byte)(fixCode | count));
        }
        else if (count <= ushort.MaxValue)
        {
            var span = output.GetSpan(3);
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            output.Advance(3);
        }
        else
        {
            var span = output.GetSpan(5);
            span[0] = (byte)(code16 + 1);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            output.Advance(5);
        }
    }

    internal static void WriteFloat(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            output.WriteByte(0xc0);
            return;
        }

        var span = output.GetSpan(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        output.Advance(9);
    }

    private static void WriteInt(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(9);
        int written;
        switch (value)
        {
            case >= 0 and < 128:
                span[0] = (byte)value;
                written = 1;
                break;
            case < 0 and >= -32:
                span[0] = (byte)(sbyte)value;
                written = 1;
                break;
            case >= 0 and <= byte.MaxValue:
                span[0] = 0xcc;
                span[1] = (byte)value;
                written = 2;
                break;
            case >= 0 and <= ushort.MaxValue:
                span[0] = 0xcd;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                written = 3;
                break;
            case >= 0 and <= uint.MaxValue:
                span[0] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                written = 5;
                break;
            case >= 0:
                span[0] = 0xcf;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value);
                written = 9;
                break;
            case >= sbyte.MinValue:
                span[0] = 0xd0;
                span[1] = (byte)(sbyte)value;
                written = 2;
                break;
            case >= short.MinValue:
                span[0] = 0xd1;
                BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
                written = 3;
                break;
            case >= int.MinValue:
                span[0] = 0xd2;
                BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
                written = 5;
                break;
            default:
                span[0] = 0xd3;
                BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
                written = 9;
                break;
        }

        output.Advance(written);
    }

    internal static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(5 + length);
        int header;
        if (length < 32)
        {
            span[0] = (byte)(0xa0 | length);
            header = 1;
        }
        else if (length <= byte.MaxValue)
        {
            span[0] = 0xd9;
            span[1] = (byte)length;
            header = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            header = 3;
        }
        else
        {
            span[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            header = 5;
        }

        Encoding.UTF8.GetBytes(value, span[header..]);
        output.Advance(header + length);
    }
}
