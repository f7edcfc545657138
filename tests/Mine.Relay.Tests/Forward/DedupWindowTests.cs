using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Forward;

public sealed class DedupWindowTests : IDisposable
{
    private const int HeaderSize = 8;
    private const int EntrySize = 20;

    private readonly TempDirectory _data = new();
    private readonly TestLog _log = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);

    private string LogPath => Path.Combine(_data.Path, DedupWindow.FileName);

    [Fact]
    public void Recorded_ids_are_known_after_reopening_and_others_are_not()
    {
        var ids = NewIds(50);
        using (var window = Open())
        {
            ids.ForEach(window.Record);
            Assert.Equal(50, window.Count);
        }

        using var reopened = Open();
        Assert.Equal(50, reopened.Count);
        Assert.All(ids, id => Assert.True(reopened.Contains(id)));
        Assert.False(reopened.Contains(ChunkId.New(_time.Now)));
        Assert.Equal(HeaderSize + (50 * EntrySize), new FileInfo(LogPath).Length);
        Assert.Empty(_log.Lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(19)]
    public void A_torn_last_entry_is_cut_on_load_and_the_whole_ones_kept(int tornBytes)
    {
        var ids = NewIds(10);
        using (var window = Open())
        {
            ids.ForEach(window.Record);
        }

        // A kill in the middle of the 11th append: part of an entry at the end.
        using (var file = new FileStream(LogPath, FileMode.Append))
        {
            file.Write(new byte[tornBytes].Select((_, i) => (byte)(i + 1)).ToArray());
        }

        var later = ChunkId.New(_time.Now);
        using (var window = Open())
        {
            Assert.Equal(10, window.Count);
            Assert.Equal(HeaderSize + (10 * EntrySize), new FileInfo(LogPath).Length);
            window.Record(later);
        }

        Assert.True(_log.Contains($"cut a torn last entry of {tornBytes} bytes"));
        using var third = Open();
        Assert.Equal(11, third.Count);
        Assert.True(third.Contains(later));
    }

    [Fact]
    public void A_damaged_entry_is_skipped_and_the_log_rewritten_without_it()
    {
        var ids = NewIds(10);
        using (var window = Open())
        {
            ids.ForEach(window.Record);
        }

        var bytes = File.ReadAllBytes(LogPath);
        bytes[HeaderSize + (3 * EntrySize) + 5] ^= 0x10;
        File.WriteAllBytes(LogPath, bytes);

        using (var window = Open())
        {
            Assert.Equal(9, window.Count);
            Assert.False(window.Contains(ids[3]));
        }

        Assert.True(_log.Contains("skipped 1 damaged entries"));
        Assert.Equal(HeaderSize + (9 * EntrySize), new FileInfo(LogPath).Length);
    }

    [Fact]
    public void Ids_of_chunks_older_than_the_retention_are_forgotten()
    {
        var options = new DedupWindowOptions { Retention = TimeSpan.FromDays(7), Time = _time };
        var old = ChunkId.New(_time.Now);
        var young = ChunkId.New(_time.Now.AddDays(3));
        using (var window = DedupWindow.Open(_data.Path, options, _log.Log))
        {
            window.Record(old);
            window.Record(young);
            _time.Now = _time.Now.AddDays(7.5);
            window.Record(ChunkId.New(_time.Now));
            Assert.False(window.Contains(old));
            Assert.True(window.Contains(young));
        }

        _time.Now = _time.Now.AddDays(3);
        using var reopened = DedupWindow.Open(_data.Path, options, _log.Log);
        Assert.Equal(1, reopened.Count);
        Assert.False(reopened.Contains(young));
        Assert.Equal(HeaderSize + EntrySize, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void At_most_MaxIds_are_kept_the_oldest_recorded_going_first_and_the_file_stays_bounded()
    {
        var options = new DedupWindowOptions { MaxIds = 100, Time = _time };
        var ids = NewIds(20_000);
        using (var window = DedupWindow.Open(_data.Path, options, _log.Log))
        {
            ids.ForEach(window.Record);
            Assert.Equal(100, window.Count);
            Assert.False(window.Contains(ids[^101]));
            Assert.True(window.Contains(ids[^100]));
            Assert.True(new FileInfo(LogPath).Length <= HeaderSize + (EntrySize * ((2 * 100) + 4096 + 1)));
        }

        using var reopened = DedupWindow.Open(_data.Path, options, _log.Log);
        Assert.Equal(100, reopened.Count);
        Assert.All(ids[^100..], id => Assert.True(reopened.Contains(id)));
        Assert.Equal(HeaderSize + (100 * EntrySize), new FileInfo(LogPath).Length);
    }

    [Fact]
    public void A_file_that_is_not_a_dedup_log_is_set_aside_and_the_window_starts_empty()
    {
        File.WriteAllText(LogPath, "this is not a dedup log at all");

        using (var window = Open())
        {
            Assert.Equal(0, window.Count);
            window.Record(ChunkId.New(_time.Now));
        }

        Assert.Equal("this is not a dedup log at all", File.ReadAllText(LogPath + ".damaged"));
        Assert.True(_log.Contains("is not a dedup log"));
        using var reopened = Open();
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void A_header_cut_short_by_a_crash_starts_an_empty_window()
    {
        File.WriteAllBytes(LogPath, "MFD"u8.ToArray());

        using var window = Open();

        Assert.Equal(0, window.Count);
        Assert.Equal(HeaderSize, new FileInfo(LogPath).Length);
    }

    [Fact]
    public void A_log_of_a_later_version_stops_the_open_and_is_left_as_it_is()
    {
        byte[] newer = [.. "MFDW"u8, 2, 0, 0, 0, .. new byte[40]];
        File.WriteAllBytes(LogPath, newer);

        var refusal = Assert.Throws<NotSupportedException>(Open);

        Assert.Contains("version 2, written by a newer Mine", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(newer, File.ReadAllBytes(LogPath));
    }

    [Fact]
    public void A_second_window_on_the_same_directory_is_refused_while_the_first_is_open()
    {
        using var first = Open();

        var refusal = Assert.Throws<IOException>(Open);

        Assert.Contains("in use by another process: give each receiving Mine its own data directory", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewrite_killed_before_its_rename_leaves_the_log_whole()
    {
        var ids = NewIds(5);
        using (var window = Open())
        {
            ids.ForEach(window.Record);
        }

        File.WriteAllBytes(LogPath + ".tmp", [1, 2, 3]);

        using var reopened = Open();
        Assert.Equal(5, reopened.Count);
        Assert.False(File.Exists(LogPath + ".tmp"));
    }

    [Fact]
    public async Task A_chunk_being_stored_makes_a_second_claim_wait_and_then_see_it_stored()
    {
        using var window = Open();
        var id = ChunkId.New(_time.Now);
        Assert.True(await window.ClaimAsync(id, CancellationToken.None));

        var second = window.ClaimAsync(id, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        window.Record(id);

        Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_abandoned_claim_lets_the_waiting_one_store_the_chunk()
    {
        using var window = Open();
        var id = ChunkId.New(_time.Now);
        Assert.True(await window.ClaimAsync(id, CancellationToken.None));

        var second = window.ClaimAsync(id, CancellationToken.None).AsTask();
        window.Abandon(id);

        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(window.Contains(id));
    }

    [Fact]
    public void An_id_recorded_twice_is_written_once()
    {
        var id = ChunkId.New(_time.Now);
        using (var window = Open())
        {
            window.Record(id);
            window.Record(id);
            Assert.Equal(1, window.Count);
        }

        Assert.Equal(HeaderSize + EntrySize, new FileInfo(LogPath).Length);
    }

    public void Dispose() => _data.Dispose();

    private DedupWindow Open() => DedupWindow.Open(_data.Path, new DedupWindowOptions { Time = _time }, _log.Log);

    private List<ChunkId> NewIds(int count) => [.. Enumerable.Range(0, count).Select(i => ChunkId.New(_time.Now.AddMilliseconds(i)))];
}
