using System.Text;

namespace Mine.ClickHouse.Rows;

/// <summary>
/// Reads what <see cref="RowBinaryWriter"/> writes and ClickHouse answers in RowBinary: a LEB128 length or count, a
/// String. Each call consumes from <c>rows</c>; a cut or damaged input throws <see cref="ArgumentOutOfRangeException"/>
/// or <see cref="IndexOutOfRangeException"/>, which the callers turn into their own error.
/// </summary>
public static class RowBinaryReader
{
    public static ulong ReadVarUInt(ref ReadOnlySpan<byte> rows)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = rows[0];
            rows = rows[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80 || shift >= 63)
            {
                return value;
            }
        }
    }

    /// <summary>A String's bytes, without decoding them.</summary>
    public static ReadOnlySpan<byte> ReadBytes(ref ReadOnlySpan<byte> rows)
    {
        var length = (int)Math.Min(ReadVarUInt(ref rows), int.MaxValue); // too long: the slice below throws
        var bytes = rows[..length];
        rows = rows[length..];
        return bytes;
    }

    public static string ReadString(ref ReadOnlySpan<byte> rows) => Encoding.UTF8.GetString(ReadBytes(ref rows));
}
