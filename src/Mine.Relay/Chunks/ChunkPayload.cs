using System.Buffers.Binary;
using Mine.Core.Hashing;
using Mine.Core.Series;
using ZstdSharp;

namespace Mine.Relay.Chunks;

/// <summary>
/// A sealed chunk as it is kept in the buffer and sent to a destination (docs/relay.md, "Sealed chunk"): a 20-byte
/// header, then the <see cref="ChunkRecords"/> compressed with zstd.
/// <code>
/// 0  4  magic "MRCK"
/// 4  1  version (1)
/// 5  1  codec (1 = zstd)
/// 6  2  reserved, 0
/// 8  4  points, u32 LE
/// 12 4  uncompressed record bytes, u32 LE
/// 16 4  CRC-32C of everything after the header, u32 LE
/// </code>
/// </summary>
public static class ChunkPayload
{
    public const int HeaderSize = 20;
    public const byte Version = 1;
    public const byte CodecZstd = 1;

    /// <summary>Most points one chunk may hold (a decoder refuses more before allocating).</summary>
    public const int MaxPoints = 2 * 1024 * 1024;

    /// <summary>Most uncompressed record bytes one chunk may hold.</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    /// <summary>zstd level: 1 is the fastest, and points compress well at it (names repeat).</summary>
    private const int CompressionLevel = 1;

    private static ReadOnlySpan<byte> Magic => "MRCK"u8;


    /// <summary>Seals <paramref name="pointCount"/> points' <paramref name="records"/> into a chunk.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> records, int pointCount)
    {
        if (pointCount < 0 || pointCount > MaxPoints || records.Length > MaxRecordBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(pointCount), $"a chunk holds at most {MaxPoints} points and {MaxRecordBytes} record bytes");
        }

        // The compressor's worst case (~8.4 MB for a full chunk) is rented, not allocated: a relay seals a chunk a
        // second per destination, and an array of that size each time would be large-object garbage that keeps the
        // process's memory high during an outage.
        using var compressor = new Compressor(CompressionLevel);
        var bound = Compressor.GetCompressBound(records.Length);
        var scratch = ChunkScratch.Pool.Rent(HeaderSize + bound);
        try
        {
            var written = compressor.Wrap(records, scratch.AsSpan(HeaderSize, bound));
            var output = new byte[HeaderSize + written];
            Magic.CopyTo(output);
            output[4] = Version;
            output[5] = CodecZstd;
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(8), (uint)pointCount);
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(12), (uint)records.Length);
            scratch.AsSpan(HeaderSize, written).CopyTo(output.AsSpan(HeaderSize));
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(16), Crc32C.Compute(output.AsSpan(HeaderSize)));
            return output;
        }
        finally
        {
            ChunkScratch.Pool.Return(scratch);
        }
    }

    /// <summary>Reads the header only: the point count (for counters) without decompressing.</summary>
    public static int PointCount(ReadOnlySpan<byte> chunk)
    {
        CheckHeader(chunk);
        return (int)BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
    }

    /// <summary>Checks and decompresses a chunk, appending its points to <paramref name="batch"/>. Anything that is not
    /// a whole, undamaged chunk throws <see cref="ChunkFormatException"/> and adds nothing.</summary>
    public static void Open(ReadOnlySpan<byte> chunk, PointBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckHeader(chunk);
        var points = BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
        var rawLength = BinaryPrimitives.ReadUInt32LittleEndian(chunk[12..]);
        var body = chunk[HeaderSize..];
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(chunk[16..]))
        {
            throw new ChunkFormatException("chunk checksum does not match its contents (damaged in the buffer or on the wire)");
        }

        var records = ChunkScratch.Pool.Rent((int)Math.Max(1, rawLength));
        try
        {
            int unpacked;
            try
            {
                using var decompressor = new Decompressor();
                unpacked = decompressor.Unwrap(body, records.AsSpan(0, (int)rawLength));
            }
            catch (ZstdException e)
            {
                throw new ChunkFormatException($"chunk body is not a zstd frame of {rawLength} bytes: {e.Message}");
            }

            if (unpacked != rawLength)
            {
                throw new ChunkFormatException($"chunk body holds {unpacked} record bytes, its header says {rawLength}");
            }

            var before = batch.Count;
            try
            {
                ChunkRecords.ReadAll(records.AsSpan(0, (int)rawLength), batch);
            }
            catch (ChunkFormatException)
            {
                batch.Truncate(before);
                throw;
            }

            if (batch.Count - before != points)
            {
                var found = batch.Count - before;
                batch.Truncate(before);
                throw new ChunkFormatException($"chunk holds {found} points, its header says {points}");
            }
        }
        finally
        {
            ChunkScratch.Pool.Return(records);
        }
    }

    private static void CheckHeader(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < HeaderSize || !chunk[..4].SequenceEqual(Magic))
        {
            throw new ChunkFormatException("not a chunk: it does not begin with the magic \"MRCK\" and a whole header");
        }

        if (chunk[4] != Version || chunk[5] != CodecZstd)
        {
            throw new ChunkFormatException($"chunk version {chunk[4]} codec {chunk[5]} is not known (this Mine reads version {Version}, codec {CodecZstd})");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]) > MaxPoints || BinaryPrimitives.ReadUInt32LittleEndian(chunk[12..]) > MaxRecordBytes)
        {
            throw new ChunkFormatException($"chunk header claims more than {MaxPoints} points or {MaxRecordBytes} record bytes");
        }
    }
}
