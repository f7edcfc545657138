using System.Buffers.Binary;

namespace Mine.Protocols.Collectd;

/// <summary>
/// The cache key of a value list's identifier: the five fields, each cut at its first NUL (collectd handles them
/// as C strings) and written as a 2-byte length plus the bytes, so field boundaries cannot collide ("ab"+"c" vs
/// "a"+"bc"). Used by <see cref="WriteGraphiteNamer"/>'s name cache and <see cref="RateConverter"/>'s state.
/// </summary>
internal static class WriteGraphiteIdentifierKey
{
    public static int Length(in CollectdValueList values) =>
        10 + CString(values.Host).Length + CString(values.Plugin).Length + CString(values.PluginInstance).Length
        + CString(values.Type).Length + CString(values.TypeInstance).Length;

    /// <summary>Writes the key into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public static int Write(in CollectdValueList values, Span<byte> destination)
    {
        var offset = Field(CString(values.Host), destination, 0);
        offset = Field(CString(values.Plugin), destination, offset);
        offset = Field(CString(values.PluginInstance), destination, offset);
        offset = Field(CString(values.Type), destination, offset);
        return Field(CString(values.TypeInstance), destination, offset);
    }

    /// <summary>The bytes before the first NUL, as C's string functions see them.</summary>
    public static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    private static int Field(ReadOnlySpan<byte> field, Span<byte> destination, int offset)
    {
        var length = Math.Min(field.Length, ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)length);
        field[..length].CopyTo(destination[(offset + 2)..]);
        return offset + 2 + length;
    }
}
