using System.Buffers;
using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Tests.Chunks;

public sealed class ChunkPayloadTests
{
    [Fact]
    public void Sealed_chunk_opens_to_the_same_points_in_order()
    {
        var records = new ArrayBufferWriter<byte>();
        ChunkRecords.Write(records, "a.b.c"u8, 1_700_000_000, 1.5);
        ChunkRecords.Write(records, "x.y;dc=eu"u8, -1, double.NaN);
        ChunkRecords.Write(records, new string('n', 300).Select(c => (byte)c).ToArray(), long.MaxValue, -0.0);
        var chunk = ChunkPayload.Seal(records.WrittenSpan, 3);

        var batch = new PointBatch();
        ChunkPayload.Open(chunk, batch);

        Assert.Equal(3, ChunkPayload.PointCount(chunk));
        Assert.Equal(3, batch.Count);
        Assert.Equal("a.b.c"u8.ToArray(), batch.Name(0).ToArray());
        Assert.Equal(1_700_000_000, batch.Timestamp(0));
        Assert.Equal(1.5, batch.Value(0));
        Assert.Equal("x.y;dc=eu"u8.ToArray(), batch.Name(1).ToArray());
        Assert.True(double.IsNaN(batch.Value(1)));
        Assert.Equal(300, batch.Name(2).Length);
        Assert.Equal(long.MaxValue, batch.Timestamp(2));
        Assert.True(double.IsNegative(batch.Value(2)));
    }

    [Fact]
    public void Torn_record_stream_yields_the_whole_records_before_the_tear()
    {
        var records = new ArrayBufferWriter<byte>();
        ChunkRecords.Write(records, "a.b"u8, 10, 1);
        var firstEnd = records.WrittenCount;
        ChunkRecords.Write(records, "c.d"u8, 20, 2);

        for (var cut = firstEnd; cut < records.WrittenCount; cut++)
        {
            var batch = new PointBatch();
            Assert.Equal(firstEnd, ChunkRecords.TryReadAll(records.WrittenSpan[..cut], batch));
            Assert.Equal(1, batch.Count);
        }
    }

    [Fact]
    public void Every_damaged_byte_is_refused_and_adds_no_point()
    {
        var records = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 50; i++)
        {
            ChunkRecords.Write(records, System.Text.Encoding.UTF8.GetBytes($"host{i}.cpu.user"), 1000 + i, i);
        }

        var chunk = ChunkPayload.Seal(records.WrittenSpan, 50);
        for (var at = 0; at < chunk.Length; at++)
        {
            if (at is 6 or 7)
            {
                continue; // reserved bytes are not checked: a later version may use them
            }

            var damaged = (byte[])chunk.Clone();
            damaged[at] ^= 0x5A;
            var batch = new PointBatch();
            batch.Add("canary"u8, 1, 1);
            Assert.Throws<ChunkFormatException>(() => ChunkPayload.Open(damaged, batch));
            Assert.Equal(1, batch.Count);
        }

        for (var length = 0; length < chunk.Length; length++)
        {
            Assert.Throws<ChunkFormatException>(() => ChunkPayload.Open(chunk.AsSpan(0, length), new PointBatch()));
        }
    }

    [Fact]
    public void Chunk_ids_sort_by_creation_time_and_round_trip_as_hex()
    {
        var first = ChunkId.New(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var second = ChunkId.New(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001));
        Assert.True(first.CompareTo(second) < 0);
        Assert.Equal(32, first.ToString().Length);
        Assert.True(ChunkId.TryParse(first.ToString(), out var parsed));
        Assert.Equal(first, parsed);
        Span<byte> bytes = stackalloc byte[ChunkId.Size];
        second.Write(bytes);
        Assert.Equal(second, ChunkId.Read(bytes));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), second.CreatedAt);
        Assert.False(ChunkId.TryParse("zz", out _));
    }
}
