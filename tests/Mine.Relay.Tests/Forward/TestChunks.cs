using System.Buffers;
using System.Text;
using Mine.Relay.Chunks;

namespace Mine.Relay.Tests.Forward;

/// <summary>Sealed chunks of known points for the forward tests.</summary>
internal static class TestChunks
{
    public static QueuedChunk Make(int index, int points = 20)
    {
        var records = new ArrayBufferWriter<byte>();
        for (var j = 0; j < points; j++)
        {
            ChunkRecords.Write(records, Encoding.UTF8.GetBytes(Name(index, j)), 1_700_000_000 + j, index + (j / 1000.0));
        }

        return new QueuedChunk(ChunkId.New(DateTimeOffset.UtcNow), ChunkPayload.Seal(records.WrittenSpan, points), points);
    }

    public static List<QueuedChunk> Many(int count, int points = 20) => [.. Enumerable.Range(0, count).Select(i => Make(i, points))];

    public static string Name(int index, int point) => $"dc1.host{index:D4}.cpu.metric{point}";

    /// <summary>The same chunk with one byte of its compressed body flipped: it fails its own CRC.</summary>
    public static QueuedChunk Damaged(int index)
    {
        var good = Make(index);
        var bytes = good.Payload.ToArray();
        bytes[^3] ^= 0x40;
        return good with { Payload = bytes };
    }
}
