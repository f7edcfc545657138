using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Mine.Core.Hashing;
using Mine.Fuzz.Targets.Storage;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Fuzz.Seeds;

/// <summary>
/// Writes the storage seeds of the corpus from files the real engine made (<see cref="StoreBaseline"/>), so they
/// follow the format whenever it changes: <c>dotnet run --project fuzz/Mine.Fuzz -- make-seeds fuzz/corpus</c>.
/// The forward protocol's seeds are made by its own encoders (<see cref="WriteForward"/>); the other protocol and
/// query seeds are plain files kept by hand (docs/testing.md says where each came from).
/// </summary>
public static class SeedMaker
{
    public static void Write(string corpus)
    {
        WriteForward(corpus);
        var (seriesLog, wal, parts) = StoreBaseline.Files(StoreBaseline.Folder);
        Save(corpus, "serieslog", "engine-3-series.log", File.ReadAllBytes(seriesLog));
        Save(corpus, "wal", "engine-segment.wal", File.ReadAllBytes(wal));
        for (var i = 0; i < parts.Length; i++)
        {
            Save(corpus, "part", $"engine-{Path.GetFileName(Path.GetDirectoryName(parts[i]))}s-{i}.part", File.ReadAllBytes(parts[i]));
        }

        Save(corpus, "store", "engine-series-log", [0, .. File.ReadAllBytes(seriesLog)]);
        Save(corpus, "store", "engine-wal", [1, .. File.ReadAllBytes(wal)]);
        for (var i = 0; i < parts.Length; i++)
        {
            Save(corpus, "store", $"engine-part-{i}", [(byte)(2 + 3 * i), .. File.ReadAllBytes(parts[i])]);
        }
    }

    /// <summary>What a relay sends to a forward listener, made by the protocol's own encoders: hellos, CHUNK frames
    /// around chunks sealed by <see cref="ChunkPayload.Seal"/>, the other frame kinds, and inputs refused early.</summary>
    public static void WriteForward(string corpus)
    {
        var hello = new ForwardHello(ForwardHello.LowestSupported, ForwardHello.HighestSupported, 0, ForwardClient.MaxIncomingFramePayload).ToArray();
        var cpu = Chunk(("collectd.web-0001.cpu-0.cpu-user", 1_700_000_000, 12.5), ("collectd.web-0001.cpu-0.cpu-system", 1_700_000_000, 3.25),
            ("collectd.web-0001.cpu-0.cpu-user", 1_700_000_010, 13.0));
        var tagged = Chunk(("disk.used;host=web-0002;mount=/var", 1_700_000_000, 0.75), ("a.b", 1_700_000_060, -1e300));
        byte[] ping = Frame(ForwardFrameType.Ping, []);
        Save(corpus, "forwardframes", "chunk-ping", [.. hello, .. ChunkFrame(cpu), .. ping]);
        Save(corpus, "forwardframes", "two-chunks", [.. hello, .. ChunkFrame(cpu), .. ChunkFrame(tagged)]);
        Save(corpus, "forwardframes", "empty-chunk", [.. hello, .. ChunkFrame(ChunkPayload.Seal([], 0))]);
        var damaged = (byte[])tagged.Clone();
        damaged[^1] ^= 0x10;
        Save(corpus, "forwardframes", "damaged-chunk", [.. hello, .. ChunkFrame(damaged)]);
        var ack = new ForwardAck(new ChunkId(0x0006_0000_0000_0001, 2), ForwardAckStatus.Damaged, "chunk checksum does not match").Encode();
        var error = new ForwardError(ForwardErrorCode.ShuttingDown, "the receiver is stopping").Encode();
        Save(corpus, "forwardframes", "ack-error", [.. hello, .. Frame(ForwardFrameType.Ack, ack), .. Frame(ForwardFrameType.Error, error)]);
        Save(corpus, "forwardframes", "hello-cut-short", hello[..11]);
        Save(corpus, "forwardframes", "carbon-line", "a.b 1 2\n"u8.ToArray());
    }

    private static byte[] Chunk(params (string Name, long Time, double Value)[] points)
    {
        var records = new ArrayBufferWriter<byte>();
        foreach (var (name, time, value) in points)
        {
            ChunkRecords.Write(records, Encoding.UTF8.GetBytes(name), time, value);
        }

        return ChunkPayload.Seal(records.WrittenSpan, points.Length);
    }

    private static byte[] ChunkFrame(byte[] chunk)
    {
        var id = new byte[ChunkId.Size];
        new ChunkId(0x0006_0000_0000_0001, 0x1234_5678_9abc_def0).Write(id);
        return Frame(ForwardFrameType.Chunk, [.. id, .. chunk]);
    }

    private static byte[] Frame(ForwardFrameType type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[ForwardFrame.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = (byte)type;
        payload.CopyTo(frame.AsSpan(ForwardFrame.HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Crc32C.Append(Crc32C.Compute(frame.AsSpan(0, 8)), payload));
        return frame;
    }

    private static void Save(string corpus, string target, string name, byte[] content)
    {
        var folder = Path.Combine(corpus, target);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
        Console.WriteLine($"{Path.Combine(folder, name)}: {content.Length} bytes");
    }
}
