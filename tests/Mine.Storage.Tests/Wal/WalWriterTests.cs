using Mine.Core.Hashing;
using System.Buffers.Binary;
using System.Text;
using Mine.Storage.Wal;

namespace Mine.Storage.Tests.Wal;

public class WalWriterTests
{
    private static readonly WalOptions NoSync = new() { SyncMode = WalSyncMode.None };

    [Fact]
    public void Records_replay_in_append_order_with_their_types()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync))
        {
            Assert.Equal(0, writer.Append(1, "alpha"u8));
            writer.Append(2, ""u8);
            writer.Append(255, "gamma"u8);
        }

        var (records, summary) = dir.Replay();
        Assert.Equal([(1, "alpha"), (2, ""), (255, "gamma")], records);
        Assert.Equal(3, summary.Records);
        Assert.Equal(1, summary.Segments);
        Assert.False(summary.Repaired);
    }

    [Fact]
    public void An_appended_record_is_in_the_file_before_dispose()
    {
        // "In the OS" means another reader sees it at once: nothing waits in a user-space buffer for a kill -9 to lose.
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, NoSync);
        writer.Append(3, "visible"u8);
        using var file = new FileStream(dir.SegmentPath(0), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal(WalFormat.SegmentHeaderSize + WalFormat.RecordSize(7), file.Length);
    }

    [Fact]
    public void Record_type_zero_and_oversized_payloads_are_refused()
    {
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, NoSync);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Append(0, "x"u8));
        using var batch = new WalBatch();
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Add(0, "x"u8));
    }

    [Fact]
    public void Segments_rotate_before_crossing_the_size_limit()
    {
        using var dir = new WalTestDirectory();
        const int limit = 1024;
        var payload = new byte[100];
        using (var writer = WalWriter.Open(dir.Path, NoSync with { MaxSegmentSize = limit }))
        {
            for (var i = 0; i < 100; i++)
            {
                payload[0] = (byte)i;
                writer.Append(1, payload);
            }

            // 100 records of 109 bytes, 9 per 1 KiB segment after the 12-byte header.
            Assert.Equal(11, writer.CurrentSegment);
        }

        foreach (var segment in dir.Segments())
        {
            Assert.InRange(new FileInfo(dir.SegmentPath(segment)).Length, WalFormat.SegmentHeaderSize, limit);
        }

        var replayed = new List<byte>();
        var summary = WalReader.Replay(dir.Path, (_, p) => replayed.Add(p[0]));
        Assert.Equal(12, summary.Segments);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), replayed);
    }

    [Fact]
    public void A_record_larger_than_a_segment_gets_a_segment_of_its_own()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync with { MaxSegmentSize = 256 }))
        {
            writer.Append(1, "small"u8);
            Assert.Equal(1, writer.Append(2, new byte[1000]));
            Assert.Equal(2, writer.Append(3, "small again"u8));
        }

        var (records, _) = dir.Replay();
        Assert.Equal(3, records.Count);
    }

    [Fact]
    public void A_batch_is_written_whole_and_replays_record_by_record()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync))
        using (var batch = new WalBatch(initialCapacity: 64))
        {
            for (var i = 0; i < 1000; i++)
            {
                batch.Add(9, Encoding.UTF8.GetBytes($"point {i}"));
            }

            Assert.Equal(1000, batch.Count);
            Assert.Equal(0, writer.Append(batch));
            batch.Clear();
            Assert.Equal(0, writer.Append(batch)); // empty batch: nothing written
        }

        var (records, _) = dir.Replay();
        Assert.Equal(1000, records.Count);
        Assert.Equal((9, "point 999"), records[^1]);
    }

    [Fact]
    public void StartNewSegment_and_RemoveSegmentsBefore_drop_only_flushed_segments()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync))
        {
            writer.Append(1, "in 0"u8);
            Assert.Equal(1, writer.StartNewSegment());
            writer.Append(1, "in 1"u8);
            var cut = writer.StartNewSegment();
            Assert.Equal(2, cut);
            writer.Append(1, "in 2"u8);

            // The engine flushed everything appended before the cut.
            Assert.Equal(2, writer.RemoveSegmentsBefore(cut));
            Assert.Equal([2L], dir.Segments());

            // The current segment is never removed, whatever the caller asks.
            Assert.Equal(0, writer.RemoveSegmentsBefore(long.MaxValue));
            Assert.Equal([2L], dir.Segments());
        }

        var (records, summary) = dir.Replay();
        Assert.Equal([(1, "in 2")], records);
        Assert.Equal(2, summary.FirstSegment);
    }

    [Fact]
    public void Open_continues_in_a_fresh_segment_after_the_last_one()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync))
        {
            writer.Append(1, "first run"u8);
        }

        using (var writer = WalWriter.Open(dir.Path, NoSync))
        {
            Assert.Equal(1, writer.CurrentSegment);
            writer.Append(1, "second run"u8);
        }

        var (records, _) = dir.Replay();
        Assert.Equal([(1, "first run"), (1, "second run")], records);
    }

    [Fact]
    public void Replay_of_a_missing_or_empty_directory_finds_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mine-wal-missing-" + Guid.NewGuid().ToString("N"));
        var summary = WalReader.Replay(missing, (_, _) => Assert.Fail("no records expected"));
        Assert.Equal(0, summary.Segments);
        Assert.Equal(-1, summary.LastSegment);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_segment_of_a_newer_format_is_refused_not_erased()
    {
        using var dir = new WalTestDirectory();
        using (var writer = WalWriter.Open(dir.Path, NoSync))
        {
            writer.Append(1, "future"u8);
        }

        var path = dir.SegmentPath(0);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc32C.Compute(bytes.AsSpan(0, 8)));
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<NotSupportedException>(() => dir.Replay());
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Append_after_dispose_throws()
    {
        using var dir = new WalTestDirectory();
        var writer = WalWriter.Open(dir.Path, NoSync);
        writer.Dispose();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Append(1, "late"u8));
    }

    [Fact]
    public void Always_mode_is_durable_when_append_returns()
    {
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.Always });
        for (var i = 0; i < 5; i++)
        {
            writer.Append(1, "durable"u8);
            Assert.Equal(writer.WrittenPosition, writer.DurablePosition);
        }
    }

    [Fact]
    public void Closing_a_segment_fsyncs_it_in_interval_and_always_modes()
    {
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.Interval, SyncInterval = TimeSpan.FromHours(1) });
        writer.Append(1, "closing"u8);
        Assert.Equal(0, writer.DurablePosition);
        writer.StartNewSegment();
        Assert.Equal(writer.WrittenPosition, writer.DurablePosition);
    }

    [Fact]
    public void Interval_mode_syncs_in_the_background()
    {
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, new WalOptions { SyncMode = WalSyncMode.Interval, SyncInterval = TimeSpan.FromMilliseconds(20) });
        writer.Append(1, "soon durable"u8);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (writer.DurablePosition < writer.WrittenPosition && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(writer.WrittenPosition, writer.DurablePosition);
    }

    [Fact]
    public void None_mode_syncs_only_when_asked()
    {
        using var dir = new WalTestDirectory();
        using var writer = WalWriter.Open(dir.Path, NoSync);
        writer.Append(1, "lazy"u8);
        Assert.Equal(0, writer.DurablePosition);
        writer.StartNewSegment();
        Assert.Equal(0, writer.DurablePosition);
        writer.Append(1, "lazy again"u8);
        writer.Sync();
        Assert.Equal(writer.WrittenPosition, writer.DurablePosition);
    }
}
