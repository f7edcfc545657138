namespace Mine.Storage;

/// <summary>LEB128 unsigned varints, as protobuf writes them.</summary>
internal static class Varint
{
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static int Read(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < source.Length && i < 10; i++)
        {
            var b = source[i];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return i + 1;
            }

            shift += 7;
        }

        throw new InvalidDataException("Truncated or overlong varint.");
    }
}
