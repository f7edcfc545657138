using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=pickle: a list of <see cref="SeriesInfo"/> dictionaries. graphite-web pickles with the highest
/// protocol; Mine writes protocol 2 (readable by every Python 3 and by graphite-web's cluster code), with
/// ints, floats, None and UTF-8 strings only, so unpickling it runs no code.
/// </summary>
public static class PickleRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList)
    {
        output.WriteBytes([0x80, 2]); // PROTO 2
        output.WriteBytes("]"u8);     // EMPTY_LIST
        if (seriesList.Count > 0)
        {
            output.WriteBytes("("u8); // MARK
            foreach (var series in seriesList)
            {
                output.WriteBytes("}("u8); // EMPTY_DICT, MARK
                foreach (var (key, value) in SeriesInfo.Fields(series))
                {
                    WriteString(output, key);
                    WriteValue(output, value);
                }

                output.WriteBytes("u"u8); // SETITEMS
            }

            output.WriteBytes("e"u8); // APPENDS
        }

        output.WriteBytes("."u8); // STOP
    }

    private static void WriteValue(IBufferWriter<byte> output, object? value)
    {
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
                output.WriteBytes("]"u8);
                if (values.Length > 0)
                {
                    output.WriteBytes("("u8);
                    foreach (var v in values)
                    {
                        WriteFloat(output, v);
                    }

                    output.WriteBytes("e"u8);
                }

                break;
            default:
                output.WriteBytes("N"u8);
                break;
        }
    }

    /// <summary>None for NaN (graphite-web's None), BINFLOAT otherwise.</summary>
    internal static void WriteFloat(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            output.WriteBytes("N"u8);
            return;
        }

        var span = output.GetSpan(9);
        span[0] = (byte)'G';
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        output.Advance(9);
    }

    private static void WriteInt(IBufferWriter<byte> output, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            var span = output.GetSpan(5);
            span[0] = (byte)'J'; // BININT
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], (int)value);
            output.Advance(5);
            return;
        }

        var big = output.GetSpan(10);
        big[0] = 0x8a; // LONG1: little-endian two's complement
        big[1] = 8;
        BinaryPrimitives.WriteInt64LittleEndian(big[2..], value);
        output.Advance(10);
    }

    internal static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(5 + length);
        span[0] = (byte)'X'; // BINUNICODE
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
        Encoding.UTF8.GetBytes(value, span[5..]);
        output.Advance(5 + length);
    }
}
