using System.Buffers.Binary;
using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Wal;

/// <summary>
/// Seeded random damage (truncation, bit flips, zeroed or random ranges, junk appended) to random WALs: replay never
/// throws, each segment yields a prefix of what was written to it, the repair sticks, and the log stays writable.
/// </summary>
public class WalDamagePropertyTests
{
    [Fact]
    public void Random_damage_never_escapes_from_replay()
    {
        var random = new Random(20240601);
        for (var trial = 0; trial < 100; trial++)
        {
            RunTrial(random, trial);
        }
    }

    private static void RunTrial(Random random, int trial)
    {
        using var dir = new WalTestDirectory();
        var written = WriteRandomLog(random, dir);
        var segments = dir.Segments();
        for (var hits = random.Next(1, 4); hits > 0; hits--)
        {
            Damage(random, dir.SegmentPath(segments[random.Next(segments.Length)]));
        }

        var replayed = new Dictionary<long, int>();
        var summary = WalReader.Replay(dir.Path, (type, payload) =>
        {
            // Payload: segment (8 bytes), index in segment (4 bytes), filler.
            var segment = BinaryPrimitives.ReadInt64LittleEndian(payload);
            var index = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]);
            replayed.TryGetValue(segment, out var expected);
            Assert.True(index == expected, $"trial {trial}: segment {segment} replayed record {index}, expected {expected}");
            Assert.Equal((byte)(1 + (index % 200)), type);
            replayed[segment] = expected + 1;
        });

        foreach (var (segment, count) in replayed)
        {
            Assert.InRange(count, 0, written[segment]);
        }

        var records = summary.Records;
        var again = WalReader.Replay(dir.Path, (_, _) => { });
        Assert.False(again.Repaired, $"trial {trial}: a second replay found more damage");
        Assert.Equal(records, again.Records);

        using (var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.None }))
        {
            writer.Append(1, new byte[12]);
        }

        Assert.Equal(records + 1, WalReader.Replay(dir.Path, (_, _) => { }).Records);
    }

    private static Dictionary<long, int> WriteRandomLog(Random random, WalTestDirectory dir)
    {
        var written = new Dictionary<long, int>();
        var options = new WalOptions { SyncMode = WalSyncMode.None, MaxSegmentSize = random.Next(200, 4000) };
        using var writer = WalWriter.Open(dir.Path, options);
        var count = random.Next(0, 60);
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[12 + random.Next(0, 300)];
            random.NextBytes(payload.AsSpan(12));
            var segment = writer.CurrentSegment;

            // Fix the segment before appending: rotation may move the record on, so write what Append will report.
            var size = WalFormat.RecordSize(payload.Length);
            var length = new FileInfo(dir.SegmentPath(segment)).Length;
            if (length > WalFormat.SegmentHeaderSize && length + size > options.MaxSegmentSize)
            {
                segment++;
            }

            written.TryGetValue(segment, out var index);
            BinaryPrimitives.WriteInt64LittleEndian(payload, segment);
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), index);
            Assert.Equal(segment, writer.Append((byte)(1 + (index % 200)), payload));
            written[segment] = index + 1;
        }

        return written;
    }

    private static void Damage(Random random, string path)
    {
        var bytes = File.ReadAllBytes(path);
        switch (random.Next(5))
        {
            case 0:
                bytes = bytes[..random.Next(bytes.Length + 1)];
                break;
            case 1 when bytes.Length > 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    var bit = random.Next(bytes.Length * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                break;
            case 2 when bytes.Length > 0:
                var start = random.Next(bytes.Length);
                bytes.AsSpan(start, random.Next(bytes.Length - start + 1)).Clear();
                break;
            case 3 when bytes.Length > 0:
                var from = random.Next(bytes.Length);
                random.NextBytes(bytes.AsSpan(from, random.Next(bytes.Length - from + 1)));
                break;
            default:
                var junk = new byte[random.Next(1, 5000)];
                if (random.Next(2) == 0)
                {
                    random.NextBytes(junk);
                }

                bytes = [.. bytes, .. junk];
                break;
        }

        File.WriteAllBytes(path, bytes);
    }
}
