using Mine.Storage.Engine;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// A block damaged behind a sound header and index (block checksums are checked on first read): reads of it answer
/// "no data" instead of failing the query, the next maintenance merges the bucket without it, keeps every other
/// block, and moves the damaged file to corrupt/.
/// </summary>
public sealed class DamagedPartTests
{
    [Fact]
    public void A_damaged_block_is_read_as_missing_and_merged_away_while_the_rest_of_its_part_is_kept()
    {
        using var store = new EngineFixture();
        var now = store.Clock.Now;
        for (var i = 0; i < 30; i++)
        {
            store.Write(("damaged.a", now - 3600 + (i * 60), i), ("damaged.b", now - 3600 + (i * 60), 100 + i));
        }

        store.Engine.FlushNow();
        store.Engine.Dispose();
        var part = Directory.GetFiles(Path.Combine(store.Directory, "parts"), "*.part", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(part);
        bytes[Mine.Storage.Parts.PartFormat.HeaderSize + 3] ^= 0x5A; // inside the first block: series "damaged.a"
        File.WriteAllBytes(part, bytes);
        store.Reopen();

        var a = store.Values("damaged.a", now - 3700, now);
        var b = store.Values("damaged.b", now - 3700, now);

        Assert.All(a, static v => Assert.True(double.IsNaN(v)));
        Assert.Equal(Enumerable.Range(0, 30).Select(static i => 100.0 + i), b.Where(static v => !double.IsNaN(v)));

        store.Engine.CompactNow();

        Assert.True(store.Engine.Counters.BlocksLostToDamage == 1, string.Join('\n', store.Log));
        Assert.Single(Directory.GetFiles(Path.Combine(store.Directory, "corrupt")));
        Assert.Contains(store.Log, static line => line.Contains("moved to", StringComparison.Ordinal) && line.Contains("damaged block", StringComparison.Ordinal));
        store.Reopen();
        Assert.Equal(Enumerable.Range(0, 30).Select(static i => 100.0 + i), store.Values("damaged.b", now - 3700, now).Where(static v => !double.IsNaN(v)));
    }
}

/// <summary>
/// A merge of a single part (retention dropping some of its blocks) covers the same generations as its input; its
/// output must not take the input's file name, or retiring the input deletes the output and every block it kept.
/// </summary>
public sealed class SinglePartRetentionTests
{
    [Fact]
    public void Retention_that_rewrites_a_single_part_keeps_the_blocks_that_are_not_expired()
    {
        using var store = new EngineFixture();
        var bucket = StorageEngine.BucketStart(EngineFixture.T0 + 86400, 60);
        store.Clock.Now = bucket + 3600;
        for (var i = 0; i < 60; i++)
        {
            store.Write(("keep.early", bucket + (i * 60), i));
        }

        store.Clock.Now = bucket + (15 * 3600);
        for (var i = 0; i < 60; i++)
        {
            store.Write(("keep.late", bucket + (14 * 3600) + (i * 60), 1000 + i));
        }

        store.Engine.FlushNow();
        Assert.Single(Directory.GetFiles(Path.Combine(store.Directory, "parts", "60"), "*.part"));

        // A day after the early series stopped, its block is past the 1-day archive; the late one's is not.
        store.Clock.Now = bucket + (26 * 3600);
        store.Engine.CompactNow();
        Assert.True(store.Engine.Counters.BlocksDropped >= 1);

        store.Reopen();
        var late = store.Values("keep.late", bucket + (14 * 3600) - 60, bucket + (15 * 3600));
        Assert.Equal(Enumerable.Range(0, 60).Select(static i => 1000.0 + i), late.Where(static v => !double.IsNaN(v)));
    }
}
