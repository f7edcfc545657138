using Mine.Core.Hashing;
using System.Buffers.Binary;
using Mine.Storage.Engine;
using Mine.Storage.Parts;
using Mine.Storage.Tests.Engine;

namespace Mine.Storage.Tests.Parts;

/// <summary>
/// A part whose checksums match but whose header or index holds values no writer produces (found by the part and
/// store fuzz targets, fuzz/corpus/part/regression-*) is refused at open with <see cref="InvalidDataException"/>,
/// so the engine quarantines it, instead of a later read dividing by zero, allocating without bound or reading
/// outside the mapping (a block offset near long.MaxValue once overflowed the bounds check into an access violation).
/// </summary>
public sealed class PartReaderValidationTests : IDisposable
{
    private const int Step = 60;
    private const long Bucket = 1_699_920_000; // a multiple of the 60 s bucket span (16 h)
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mine-part-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void An_intact_part_opens_and_reads()
    {
        var part = PartReader.Open(WritePart());
        try
        {
            Assert.Equal(2, part.EntryCount);
            var slots = new double[3];
            Assert.True(part.Overlay(7, 0, Bucket + 60, Step, slots));
            Assert.Equal([1, 2, 3], slots);
        }
        finally
        {
            part.Retire(deleteFile: false);
        }
    }

    [Theory]
    [InlineData("block offset overflowing the bounds check", 24, long.MaxValue - 8)]
    [InlineData("negative block length", 20, -3L)]
    [InlineData("zero slots", 16, 0L)]
    [InlineData("more slots than the bucket holds", 16, 100_000L)]
    [InlineData("slots before the bucket", 8, Bucket - 60)]
    [InlineData("archive beyond the largest series", 4, 9L)]
    public void An_impossible_index_entry_is_refused_at_open(string what, int field, long value)
    {
        var path = WritePart();
        Rewrite(path, bytes =>
        {
            var entry = bytes.AsSpan(IndexOffset(bytes));
            switch (field)
            {
                case 4: entry[4] = (byte)value; break;
                case 16 or 20: BinaryPrimitives.WriteInt32LittleEndian(entry[field..], (int)value); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(entry[field..], value); break;
            }
        });

        var error = Record.Exception(() => PartReader.Open(path));
        Assert.True(error is InvalidDataException, $"{what}: expected InvalidDataException, got {error?.ToString() ?? "none"}");
        Assert.Contains("index entry 0 is impossible", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_out_of_key_order_are_refused_at_open()
    {
        var path = WritePart();
        Rewrite(path, bytes =>
        {
            var index = bytes.AsSpan(IndexOffset(bytes), 2 * PartFormat.EntrySize);
            var first = index[..PartFormat.EntrySize].ToArray();
            index[PartFormat.EntrySize..].CopyTo(index);
            first.CopyTo(index[PartFormat.EntrySize..]);
        });

        Assert.Contains("keys out of order", Assert.Throws<InvalidDataException>(() => PartReader.Open(path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12, 0L)] // step 0: every reader divides by it
    [InlineData(24, Bucket)] // empty bucket
    [InlineData(56, -1L)] // negative entry count
    [InlineData(16, -9_223_372_036_854_775_800L)] // a bucket start whose distance to the end overflows a long
    [InlineData(32, 5L)] // generations 5-1: a later flush's part would "supersede" it at the next start and delete it
    public void An_impossible_header_is_refused_at_open(int field, long value)
    {
        var path = WritePart();
        Rewrite(path, bytes =>
        {
            if (field is 12 or 56)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(field), (int)value);
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(field), value);
            }
        });

        Assert.Throws<InvalidDataException>(() => PartReader.Open(path));
    }

    [Fact]
    public void The_engine_quarantines_such_a_part_and_starts()
    {
        using var store = new EngineFixture();
        store.Write(("a.b", EngineFixture.T0 + 60, 1.0));
        store.Engine.FlushNow();
        store.Engine.Dispose();
        var part = Directory.GetFiles(Path.Combine(store.Directory, "parts"), "*.part", SearchOption.AllDirectories).Single();
        Rewrite(part, bytes => BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(IndexOffset(bytes) + 24), long.MaxValue - 8));

        store.Reopen();

        Assert.Contains(store.Log, l => l.Contains("is unreadable", StringComparison.Ordinal) && l.Contains("index entry 0 is impossible", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(store.Directory, "corrupt", Path.GetFileName(part))));
        Assert.Equal(1, store.Engine.SeriesCount);
    }

    private string WritePart()
    {
        using var writer = new PartWriter(_directory, Step, Bucket, Bucket + StorageEngine.BucketSpan(Step), generation: 1);
        writer.Add(7, 0, Bucket + 60, [1, 2, 3]);
        writer.Add(8, 1, Bucket, [4, double.NaN]);
        return writer.Complete(1, 1, 0);
    }

    private static int IndexOffset(byte[] bytes) => (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(64));

    /// <summary>Changes a part's bytes, then makes its index and header checksums match again.</summary>
    private static void Rewrite(string path, Action<byte[]> change)
    {
        var bytes = File.ReadAllBytes(path);
        change(bytes);
        var indexOffset = IndexOffset(bytes);
        var entries = Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(56)));
        var indexLength = Math.Min(entries * PartFormat.EntrySize, bytes.Length - indexOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(72), Crc32C.Compute(bytes.AsSpan(indexOffset, indexLength)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(92), Crc32C.Compute(bytes.AsSpan(0, 92)));
        File.WriteAllBytes(path, bytes);
    }
}
