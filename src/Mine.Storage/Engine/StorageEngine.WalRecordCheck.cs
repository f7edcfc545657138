using System.Buffers.Binary;
using Mine.Storage.Blocks;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Whether a points record whose checksum matched can be replayed: version 1, a count the payload can hold,
    /// every varint complete, every value present, nothing left over (the layout <see cref="PointColumns.EncodeWal"/>
    /// writes). A record that passes its CRC but not this was written by a buggy or newer writer; replaying it
    /// would throw out of recovery (or allocate for a count of two billion) and stop the start, so recovery skips
    /// it with a log line instead. Found by the store fuzz target (fuzz/corpus/store/regression-wal-*).
    /// </summary>
    private static bool IsReplayablePointsRecord(ReadOnlySpan<byte> payload, out string problem)
    {
        problem = "";
        if (payload.Length < 5 || payload[0] != 1)
        {
            problem = payload.Length == 0 ? "empty payload" : $"unknown version {payload[0]}";
            return false;
        }

        // A point takes at least 11 bytes: a one-byte series id, the archive, a one-byte slot delta, the value.
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        if (count < 0 || count > (payload.Length - 5) / 11)
        {
            problem = $"count {count} does not fit {payload.Length} bytes";
            return false;
        }

        var at = 5;
        for (var i = 0; i < count; i++)
        {
            if (!SkipVarInt(payload, ref at) || ++at > payload.Length || !SkipVarInt(payload, ref at) || (at += 8) > payload.Length)
            {
                problem = $"point {i} of {count} is cut short";
                return false;
            }
        }

        if (at != payload.Length)
        {
            problem = $"{payload.Length - at} bytes after the last point";
            return false;
        }

        return true;
    }

    private static bool SkipVarInt(ReadOnlySpan<byte> payload, ref int at)
    {
        for (var i = 0; i < VarInt.MaxLength && at < payload.Length; i++)
        {
            if (payload[at++] < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
