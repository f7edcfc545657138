using Mine.Relay.Buffer;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;
using static Mine.Relay.Tests.Buffer.BufferPoints;

namespace Mine.Relay.Tests.Buffer;

public sealed class ChunkBufferRecoveryTests
{
    private static readonly ChunkBufferOptions Small = new() { ChunkLimitBytes = 1000, TotalLimitBytes = 1 << 20 };

    [Fact]
    public void Restart_seals_a_staged_file_cut_at_every_byte_of_its_last_record_with_the_whole_records_before_it()
    {
        var (name, bytes) = StagedFile(count: 3);
        var lastRecord = ChunkRecords.RecordSize(Numbered(2, 1).Name(0).Length);
        for (var cut = bytes.Length - lastRecord; cut <= bytes.Length; cut++)
        {
            using var folder = new BufferFolder();
            Directory.CreateDirectory(folder.Destination());
            File.WriteAllBytes(Path.Combine(folder.Destination(), name), bytes[..cut]);

            using var buffer = folder.Open(Small);
            var chunk = Assert.Single(TakeReady(buffer));
            Assert.Equal(name.Replace(".staged", "", StringComparison.Ordinal), chunk.Id.ToString());
            Assert.Equal(cut == bytes.Length ? [0, 1, 2] : [0, 1], Numbers(chunk));
            Assert.Empty(folder.Files(pattern: "*.staged"));
            Assert.Empty(folder.Corrupt());
            Assert.Equal(cut > bytes.Length - lastRecord && cut < bytes.Length, folder.Log.Any(l => l.Contains("torn last record", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_staged_file_cut_inside_its_first_record_is_removed()
    {
        var (name, bytes) = StagedFile(count: 1);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            using var folder = new BufferFolder();
            Directory.CreateDirectory(folder.Destination());
            File.WriteAllBytes(Path.Combine(folder.Destination(), name), bytes[..cut]);

            using var buffer = folder.Open(Small);
            Assert.Equal(0, buffer.Stats(0).ChunksQueued);
            Assert.Empty(folder.Files());
            Assert.Empty(folder.Corrupt());
        }
    }

    [Fact]
    public void A_staged_file_damaged_in_the_middle_keeps_the_points_before_the_damage_and_goes_to_corrupt()
    {
        var (name, bytes) = StagedFile(count: 3);
        var firstRecord = ChunkRecords.RecordSize(Numbered(0, 1).Name(0).Length);
        bytes[firstRecord] = 0; // the second record's name length: 0 is no name
        using var folder = new BufferFolder();
        Directory.CreateDirectory(folder.Destination());
        File.WriteAllBytes(Path.Combine(folder.Destination(), name), bytes);

        using var buffer = folder.Open(Small);

        Assert.Equal([0], Drain(buffer));
        Assert.Equal([name], folder.Corrupt());
        Assert.Equal(1, buffer.Stats(0).ChunksQuarantined);
        Assert.Contains(folder.Log, l => l.Contains("damaged", StringComparison.Ordinal) && l.Contains("the 1 points before the damage were kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Restart_reloads_queued_chunks_in_id_order()
    {
        using var folder = new BufferFolder();
        using (var first = folder.Open(Small))
        {
            Append(first, 0, 200);
        }

        Assert.Empty(folder.Files(pattern: "*.staged"));
        using var buffer = folder.Open(Small);
        Assert.Equal(200, buffer.Stats(0).PointsQueued);
        Assert.Equal(folder.Files(pattern: "*.chunk").Sum(f => new FileInfo(Path.Combine(folder.Destination(), f)).Length), buffer.BytesUsed);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => (long)n), Drain(buffer));
    }

    [Theory]
    [InlineData("magic")]
    [InlineData("version")]
    [InlineData("point count over the limit")]
    [InlineData("shorter than a header")]
    [InlineData("empty")]
    public void A_queued_file_with_a_damaged_header_goes_to_corrupt_at_start_and_the_others_are_sent(string damage)
    {
        using var folder = new BufferFolder();
        using (var first = folder.Open(Small))
        {
            Append(first, 0, 100);
        }

        var damaged = folder.Files(pattern: "*.chunk")[0];
        var path = Path.Combine(folder.Destination(), damaged);
        var bytes = File.ReadAllBytes(path);
        var lost = ChunkPayload.PointCount(bytes);
        File.WriteAllBytes(path, damage switch
        {
            "magic" => [(byte)'X', .. bytes[1..]],
            "version" => [.. bytes[..4], 9, .. bytes[5..]],
            "point count over the limit" => [.. bytes[..8], 0xFF, 0xFF, 0xFF, 0x7F, .. bytes[12..]],
            "shorter than a header" => bytes[..19],
            _ => [],
        });

        using var buffer = folder.Open(Small);

        Assert.Equal([damaged], folder.Corrupt());
        Assert.Equal(1, buffer.Stats(0).ChunksQuarantined);
        Assert.Equal(Enumerable.Range(lost, 100 - lost).Select(n => (long)n), Drain(buffer));
        Assert.Contains(folder.Log, l => l.Contains(damaged, StringComparison.Ordinal) && l.Contains("corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_queued_file_with_a_damaged_body_goes_to_corrupt_when_it_is_next_to_send()
    {
        using var folder = new BufferFolder();
        using (var first = folder.Open(Small))
        {
            Append(first, 0, 100);
        }

        var damaged = folder.Files(pattern: "*.chunk")[0];
        var path = Path.Combine(folder.Destination(), damaged);
        var bytes = File.ReadAllBytes(path);
        var lost = ChunkPayload.PointCount(bytes);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        using var buffer = folder.Open(Small);
        var usedBefore = buffer.BytesUsed;
        var next = Next(buffer.Source(0));

        Assert.Equal(lost, Numbers(next)[0]);
        Assert.Equal([damaged], folder.Corrupt());
        Assert.Equal(1, buffer.Stats(0).ChunksQuarantined);
        Assert.Equal(usedBefore - bytes.Length, buffer.BytesUsed);
        Assert.Contains(folder.Log, l => l.Contains("checksum", StringComparison.Ordinal) && l.Contains($"{lost} points lost", StringComparison.Ordinal));
    }

    [Fact]
    public void A_staged_file_next_to_its_sealed_chunk_is_removed_and_the_chunk_kept()
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Small);
        Append(buffer, 0, 5);
        folder.Clock.Advance(TimeSpan.FromSeconds(1));
        buffer.SealDue();
        buffer.Abandon();

        // Killed between the seal's rename and the staged file's deletion.
        var id = folder.Files(pattern: "*.chunk").Single().Replace(".chunk", "", StringComparison.Ordinal);
        var (_, records) = StagedFile(count: 5, first: 1000);
        File.WriteAllBytes(Path.Combine(folder.Destination(), id + ".staged"), records);

        using var reopened = folder.Open(Small);
        Assert.Equal([0, 1, 2, 3, 4], Drain(reopened));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void An_unfinished_seal_is_removed_and_its_staged_file_sealed()
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Small);
        Append(buffer, 0, 5);
        buffer.Abandon();
        var id = folder.Files(pattern: "*.staged").Single().Replace(".staged", "", StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(folder.Destination(), id + ".chunk.tmp"), [1, 2, 3]);

        using var reopened = folder.Open(Small);

        Assert.Equal([0, 1, 2, 3, 4], Drain(reopened));
        Assert.Empty(folder.Files());
    }

    [Fact]
    public void Files_and_folders_that_are_not_the_buffers_are_left_alone_with_a_log_line()
    {
        using var folder = new BufferFolder();
        Directory.CreateDirectory(folder.Destination("old-centre"));
        Directory.CreateDirectory(folder.Destination());
        File.WriteAllText(Path.Combine(folder.Destination(), "notes.txt"), "mine");

        using var buffer = folder.Open(Small);

        Assert.True(File.Exists(Path.Combine(folder.Destination(), "notes.txt")));
        Assert.True(Directory.Exists(folder.Destination("old-centre")));
        Assert.Contains(folder.Log, l => l.Contains("notes.txt", StringComparison.Ordinal));
        Assert.Contains(folder.Log, l => l.Contains("old-centre", StringComparison.Ordinal));
    }

    [Fact]
    public void The_dedup_folder_of_a_chained_relays_receiver_is_left_alone_without_a_log_line()
    {
        using var folder = new BufferFolder();
        var dedup = Path.Combine(folder.Path, DedupWindow.FolderName);
        Directory.CreateDirectory(dedup);
        File.WriteAllText(Path.Combine(dedup, DedupWindow.FileName), "ids");

        using (folder.Open(Small))
        {
        }

        Assert.True(File.Exists(Path.Combine(dedup, DedupWindow.FileName)));
        Assert.DoesNotContain(folder.Log, l => l.Contains(DedupWindow.FolderName, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => folder.Open(Small, DedupWindow.FolderName));
    }

    [Fact]
    public void A_second_buffer_on_the_same_folder_is_refused()
    {
        using var folder = new BufferFolder();
        using var buffer = folder.Open(Small);
        var refused = Assert.Throws<Mine.Core.Errors.FolderInUseException>(() => folder.Open(Small));
        Assert.Contains("in use by another Mine process", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_seals_what_is_staged()
    {
        using var folder = new BufferFolder();
        using (var buffer = folder.Open(Small))
        {
            Append(buffer, 0, 3);
        }

        Assert.Empty(folder.Files(pattern: "*.staged"));
        Assert.Single(folder.Files(pattern: "*.chunk"));
    }

    [Fact]
    public void An_abandoned_buffer_reopens_with_every_unacknowledged_point_once()
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Small, "a", "b");
        var acknowledged = new HashSet<long>();
        for (var round = 0; round < 5; round++)
        {
            Append(buffer, round * 100, 100, destination: 0);
            Append(buffer, round * 100, 37, destination: 1);
            var a = buffer.Source(0);
            var taken = TakeReady(buffer, 0);
            foreach (var (chunk, i) in taken.Select((c, i) => (c, i)))
            {
                if (i % 3 == 0)
                {
                    a.Acknowledge(chunk.Id);
                    acknowledged.UnionWith(Numbers(chunk));
                }
                else if (i % 3 == 1)
                {
                    a.Release(chunk.Id);
                }

                // The rest stays in flight, as when the connection dies before the acknowledgement.
            }

            folder.Clock.Advance(TimeSpan.FromSeconds(2));
            buffer.SealDue();
        }

        buffer.Abandon();
        using var reopened = folder.Open(Small, "a", "b");
        SealAll(reopened, folder.Clock);

        var a2 = Drain(reopened, 0);
        Assert.Equal(a2.Count, a2.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 500).Select(n => (long)n).Except(acknowledged).Order(), a2.Order());
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(r => Enumerable.Range(r * 100, 37)).Select(n => (long)n), Drain(reopened, 1).Order());
    }

    /// <summary>A staged file as the buffer writes it: its name and records.</summary>
    private static (string Name, byte[] Bytes) StagedFile(int count, long first = 0)
    {
        using var folder = new BufferFolder();
        var buffer = folder.Open(Small);
        Append(buffer, first, count);
        buffer.Abandon();
        var name = folder.Files(pattern: "*.staged").Single();
        return (name, File.ReadAllBytes(Path.Combine(folder.Destination(), name)));
    }
}
