using System.Buffers;
using System.Buffers.Binary;
using Mine.Core.Series;

namespace Mine.Protocols.Pickle;

/// <summary>
/// Writes points as carbon's pickle protocol frames (docs: wire-protocols §4.2): a 4-byte big-endian length, then
/// a protocol-2 pickle of <c>[(path, (timestamp, value)), …]</c>, as carbon-relay sends them. Paths are unicode
/// strings (BINUNICODE), timestamps ints (BININT, or LONG1 beyond 32 bits), values floats (BINFLOAT). A frame holds
/// at most <see cref="MaxPointsPerFrame"/> points, carbon's own batch size, far below its 1 MiB frame limit for
/// names of ordinary length.
/// </summary>
public static class PicklePointWriter
{
    public const int MaxPointsPerFrame = 500;

    /// <summary>Appends frames for points <paramref name="start"/>.. of <paramref name="batch"/> (all of them, in
    /// frames of at most <see cref="MaxPointsPerFrame"/>).</summary>
    public static void WriteFrames(IBufferWriter<byte> output, PointBatch batch, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(batch);
        var frame = new ArrayBufferWriter<byte>(64 * 1024);
        for (var first = start; first < batch.Count; first += MaxPointsPerFrame)
        {
            frame.ResetWrittenCount();
            var end = Math.Min(batch.Count, first + MaxPointsPerFrame);
            Span<byte> head = frame.GetSpan(4 + 4);
            head[4] = PickleOpcodes.Proto;
            head[5] = 2;
            head[6] = PickleOpcodes.EmptyList;
            head[7] = PickleOpcodes.Mark;
            frame.Advance(8);
            for (var i = first; i < end; i++)
            {
                WritePoint(frame, batch.Name(i), batch.Timestamp(i), batch.Value(i));
            }

            var tail = frame.GetSpan(2);
            tail[0] = PickleOpcodes.Appends;
            tail[1] = PickleOpcodes.Stop;
            frame.Advance(2);
            var bytes = frame.WrittenSpan;
            var destination = output.GetSpan(bytes.Length);
            bytes.CopyTo(destination);
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(bytes.Length - 4));
            output.Advance(bytes.Length);
        }
    }

    private static void WritePoint(ArrayBufferWriter<byte> frame, ReadOnlySpan<byte> name, long timestamp, double value)
    {
        var span = frame.GetSpan(1 + 4 + name.Length + 1 + 9 + 9 + 2);
        var at = 0;
        span[at++] = PickleOpcodes.BinUnicode;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)name.Length);
        at += 4;
        name.CopyTo(span[at..]);
        at += name.Length;
        if (timestamp is >= int.MinValue and <= int.MaxValue)
        {
            span[at++] = PickleOpcodes.BinInt;
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], (int)timestamp);
            at += 4;
        }
        else
        {
            span[at++] = PickleOpcodes.Long1;
            span[at++] = 8;
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], timestamp);
            at += 8;
        }

        span[at++] = PickleOpcodes.BinFloat;
        BinaryPrimitives.WriteDoubleBigEndian(span[at..], value);
        at += 8;
        span[at++] = PickleOpcodes.Tuple2;
        span[at++] = PickleOpcodes.Tuple2;
        frame.Advance(at);
    }
}
