using System.Buffers.Binary;
using System.Text;
using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Wal;

/// <summary>
/// In the manner of Prometheus' TestWALRepair_ReadingError: write three segments of five records, damage one spot,
/// and check how many records survive replay, that the files were cut back, and that a second replay is clean.
/// </summary>
public class WalRepairTests
{
    private const int SegmentCount = 3;
    private const int RecordsPerSegment = 5;
    private const int AllRecords = SegmentCount * RecordsPerSegment;

    /// <summary>name, damage(dir, record offsets per segment), records surviving, segments repaired.</summary>
    public static TheoryData<string, int, int> Cases() => new()
    {
        { "torn_last_record", AllRecords - 1, 1 },
        { "torn_last_header", AllRecords - 1, 1 },
        { "bad_header", AllRecords - 3, 1 },
        { "bad_checksum", AllRecords - 3, 1 },
        { "bad_payload_bit", AllRecords - 3, 1 },
        { "bad_length", AllRecords - 3, 1 },
        { "absurd_length", AllRecords - 3, 1 },
        { "zero_tail", AllRecords, 1 },
        { "zeroed_records", AllRecords - 2, 1 },
        { "garbage_tail", AllRecords, 1 },
        { "corrupt_middle_segment", AllRecords - 4, 1 },
        { "bad_segment_magic", AllRecords - RecordsPerSegment, 1 },
        { "torn_segment_header", AllRecords - RecordsPerSegment, 1 },
        { "empty_last_segment", AllRecords, 0 },
        { "two_damaged_segments", AllRecords - 4 - 1, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Damage_is_cut_off_at_the_last_good_record(string name, int survivors, int repairedSegments)
    {
        using var dir = new WalTestDirectory();
        var offsets = WriteSegments(dir);
        Damage(name, dir, offsets);

        var (records, summary) = dir.Replay();

        Assert.Equal(survivors, records.Count);
        Assert.Equal(repairedSegments, summary.RepairedSegments);
        Assert.Equal(repairedSegments > 0, dir.Log.Exists(line => line.Contains("truncating", StringComparison.Ordinal)));
        AssertSurvivorsArePrefixes(records);

        // The repair is on disk: a second replay finds nothing to fix and the same records.
        dir.Log.Clear();
        var (again, secondSummary) = dir.Replay();
        Assert.Equal(records, again);
        Assert.False(secondSummary.Repaired, string.Join('\n', dir.Log));
        long kept = 0;
        foreach (var segment in dir.Segments())
        {
            kept += new FileInfo(dir.SegmentPath(segment)).Length;
        }

        Assert.Equal(secondSummary.Bytes, kept);

        // And the log keeps working after it: a writer starts a fresh segment whose records follow the old ones.
        var lastExisting = dir.Segments()[^1];
        using (var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.None }))
        {
            Assert.Equal(lastExisting + 1, writer.CurrentSegment);
            writer.Append(7, "after repair"u8);
        }

        var (afterRestart, _) = dir.Replay();
        Assert.Equal((7, "after repair"), afterRestart[^1]);
        Assert.Equal(survivors + 1, afterRestart.Count);
    }

    private static List<long>[] WriteSegments(WalTestDirectory dir)
    {
        var offsets = new List<long>[SegmentCount];
        using var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.None });
        for (var segment = 0; segment < SegmentCount; segment++)
        {
            offsets[segment] = [];
            long offset = WalFormat.SegmentHeaderSize;
            for (var record = 0; record < RecordsPerSegment; record++)
            {
                var payload = Encoding.UTF8.GetBytes($"s{segment}r{record}:" + new string('x', 20 + (record * 7)));
                Assert.Equal(segment, writer.Append((byte)(record + 1), payload));
                offsets[segment].Add(offset);
                offset += WalFormat.RecordSize(payload.Length);
            }

            offsets[segment].Add(offset); // end of the last record
            if (segment < SegmentCount - 1)
            {
                writer.StartNewSegment();
            }
        }

        return offsets;
    }

    private static void Damage(string name, WalTestDirectory dir, List<long>[] offsets)
    {
        var last = dir.SegmentPath(SegmentCount - 1);
        var lastOffsets = offsets[SegmentCount - 1];
        switch (name)
        {
            case "torn_last_record":
                Truncate(last, lastOffsets[4] + 20);
                break;
            case "torn_last_header":
                Truncate(last, lastOffsets[4] + 4);
                break;
            case "bad_header":
                Patch(last, lastOffsets[2] + 8, [0]); // type 0 is reserved
                break;
            case "bad_checksum":
                Flip(last, lastOffsets[2] + 5);
                break;
            case "bad_payload_bit":
                Flip(last, lastOffsets[2] + 12);
                break;
            case "bad_length":
                PatchLength(last, lastOffsets[2], 10_000);
                break;
            case "absurd_length":
                PatchLength(last, lastOffsets[2], uint.MaxValue);
                break;
            case "zero_tail":
                Append(last, new byte[4096]);
                break;
            case "zeroed_records":
                Patch(last, lastOffsets[3], new byte[(int)(lastOffsets[5] - lastOffsets[3])]);
                break;
            case "garbage_tail":
                Append(last, Encoding.UTF8.GetBytes("this is not a record at all"));
                break;
            case "corrupt_middle_segment":
                Flip(dir.SegmentPath(1), offsets[1][1] + 15);
                break;
            case "bad_segment_magic":
                Flip(dir.SegmentPath(1), 0);
                break;
            case "torn_segment_header":
                Truncate(last, 5);
                break;
            case "empty_last_segment":
                File.WriteAllBytes(dir.SegmentPath(SegmentCount), []);
                break;
            case "two_damaged_segments":
                Flip(dir.SegmentPath(1), offsets[1][1] + 15);
                Truncate(last, lastOffsets[4] + 3);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    /// <summary>Within each segment, what survives is the records written first, in order.</summary>
    private static void AssertSurvivorsArePrefixes(List<(byte Type, string Payload)> records)
    {
        var nextBySegment = new int[SegmentCount + 1];
        var lastSegment = -1;
        foreach (var (type, payload) in records)
        {
            var segment = payload[1] - '0';
            var record = payload[3] - '0';
            Assert.True(segment >= lastSegment, "segments replay in order");
            Assert.Equal(nextBySegment[segment], record);
            Assert.Equal(record + 1, type);
            nextBySegment[segment]++;
            lastSegment = segment;
        }
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    private static void Patch(string path, long offset, byte[] bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = offset;
        file.Write(bytes);
    }

    private static void PatchLength(string path, long recordOffset, uint length)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, length);
        Patch(path, recordOffset, bytes);
    }

    private static void Flip(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    private static void Append(string path, byte[] bytes)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write);
        file.Write(bytes);
    }
}
