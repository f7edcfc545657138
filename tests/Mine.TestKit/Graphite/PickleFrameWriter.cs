using System.Buffers.Binary;

namespace Mine.TestKit.Graphite;

/// <summary>
/// Writes carbon pickle frames byte by byte (protocol 2, as carbon-relay's pickle client sends them): a 4-byte
/// big-endian length, then <c>[(name, (timestamp, value)), …]</c> with the name as BINUNICODE holding whatever
/// bytes the test gives (valid UTF-8 or not), the timestamp as BININT and the value as BINFLOAT.
/// </summary>
public static class PickleFrameWriter
{
    public static byte[] Frame(IEnumerable<(byte[] Name, int Timestamp, double Value)> points)
    {
        var body = new List<byte> { 0x80, 0x02, (byte)']', (byte)'(' };
        Span<byte> scratch = stackalloc byte[8];
        foreach (var (name, timestamp, value) in points)
        {
            body.Add((byte)'X');
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)name.Length);
            body.AddRange(scratch[..4].ToArray());
            body.AddRange(name);
            body.Add((byte)'J');
            BinaryPrimitives.WriteInt32LittleEndian(scratch, timestamp);
            body.AddRange(scratch[..4].ToArray());
            body.Add((byte)'G');
            BinaryPrimitives.WriteDoubleBigEndian(scratch, value);
            body.AddRange(scratch.ToArray());
            body.Add(0x86);
            body.Add(0x86);
        }

        body.Add((byte)'e');
        body.Add((byte)'.');
        var frame = new byte[4 + body.Count];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Count);
        body.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Frame(string name, int timestamp, double value) =>
        Frame([(System.Text.Encoding.UTF8.GetBytes(name), timestamp, value)]);
}
