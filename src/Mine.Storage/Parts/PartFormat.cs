using Mine.Core.Hashing;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mine.Storage.Parts;

/// <summary>
/// Byte layout of a part file, version 1 (docs/storage-format.md, "Parts and index"). All integers little-endian.
/// </summary>
internal static class PartFormat
{
    public const int Version = 1;
    public const int HeaderSize = 96;
    public const int EntrySize = 40;
    public static ReadOnlySpan<byte> Magic => "MINEPART"u8;

    public const string Extension = ".part";

    /// <summary>
    /// Most slots a bucket may span. The engine's buckets hold about 1,024 (StorageEngine.BucketSpan); the bound only
    /// keeps a damaged header from making a reader allocate or stack-allocate without limit.
    /// </summary>
    public const int MaxSlotsPerBucket = 1 << 16;
}

/// <summary>The fixed header at offset 0 of every part file.</summary>
internal readonly record struct PartHeader(
    int Step,
    long BucketStart,
    long BucketEnd,
    long MinGeneration,
    long Generation,
    long WalSegmentEnd,
    int EntryCount,
    long IndexOffset,
    uint IndexCrc)
{
    public void Write(Span<byte> destination)
    {
        destination[..PartFormat.HeaderSize].Clear();
        PartFormat.Magic.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], PartFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], Step);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], BucketStart);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], BucketEnd);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], MinGeneration);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(destination[48..], WalSegmentEnd);
        BinaryPrimitives.WriteInt32LittleEndian(destination[56..], EntryCount);
        BinaryPrimitives.WriteInt64LittleEndian(destination[64..], IndexOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[72..], IndexCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[92..], Crc32C.Compute(destination[..92]));
    }

    public static PartHeader Read(ReadOnlySpan<byte> source, string fileName)
    {
        if (source.Length < PartFormat.HeaderSize || !source[..8].SequenceEqual(PartFormat.Magic))
        {
            throw new InvalidDataException($"{fileName}: not a Mine part file (bad magic).");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        if (version != PartFormat.Version)
        {
            throw new InvalidDataException($"{fileName}: part format version {version} is not supported (this build reads {PartFormat.Version}).");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[92..]) != Crc32C.Compute(source[..92]))
        {
            throw new InvalidDataException($"{fileName}: header checksum mismatch.");
        }

        var header = new PartHeader(
            BinaryPrimitives.ReadInt32LittleEndian(source[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[48..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[64..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[72..]));
        header.Validate(fileName);
        return header;
    }

    /// <summary>
    /// Refuses a header whose checksum matched but whose fields no writer produces (a buggy or foreign writer):
    /// readers divide by the step and size buffers by the bucket without checking again.
    /// </summary>
    private void Validate(string fileName)
    {
        // With BucketStart < BucketEnd the difference, taken unsigned, is exact even where the signed one would wrap.
        var span = unchecked((ulong)(BucketEnd - BucketStart));
        var problem =
            Step <= 0 ? $"step {Step}" :
            EntryCount < 0 ? $"entry count {EntryCount}" :
            MinGeneration < 0 || MinGeneration > Generation ? $"generations {MinGeneration}-{Generation}" :
            BucketStart >= BucketEnd || BucketStart % Step != 0 || span % (ulong)Step != 0 ? $"bucket [{BucketStart}, {BucketEnd}) of step {Step}" :
            span / (ulong)Step > PartFormat.MaxSlotsPerBucket ? $"bucket of {span / (ulong)Step} slots" :
            null;
        if (problem is not null)
        {
            throw new InvalidDataException($"{fileName}: impossible part header ({problem}).");
        }
    }
}

/// <summary>One index entry: where a (series, archive) block lives in the part and which slots it covers.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly record struct PartEntry(int SeriesId, byte Archive, long FirstSlotTime, int SlotCount, int Length, long Offset, uint BlockCrc)
{
    public long Key => ((long)SeriesId << 8) | Archive;

    public static long KeyOf(int seriesId, int archive) => ((long)seriesId << 8) | (uint)archive;

    public void Write(Span<byte> destination)
    {
        destination[..PartFormat.EntrySize].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(destination, SeriesId);
        destination[4] = Archive;
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], FirstSlotTime);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], SlotCount);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], BlockCrc);
    }

    /// <summary>
    /// Refuses an entry (read when the part is opened) that would send a reader outside the file, outside the
    /// bucket, or that breaks the index's ascending key order the binary search relies on. Overflow-safe: the
    /// fields may hold anything.
    /// </summary>
    public void Validate(in PartHeader header, long previousKey, string fileName, int index)
    {
        var problem =
            SeriesId < 0 || Archive >= Engine.SeriesInfo.MaxArchives ? $"series {SeriesId} archive {Archive}" :
            Key <= previousKey ? "keys out of order" :
            Length <= 0 || Offset < PartFormat.HeaderSize || Offset > header.IndexOffset - Length ? $"block [{Offset}, +{Length}) outside the data area" :
            SlotCount <= 0 || SlotCount > (header.BucketEnd - header.BucketStart) / header.Step ? $"{SlotCount} slots" :
            FirstSlotTime < header.BucketStart || FirstSlotTime > header.BucketEnd - (long)SlotCount * header.Step ? $"slots from {FirstSlotTime} outside the bucket" :
            null;
        if (problem is not null)
        {
            throw new InvalidDataException($"{fileName}: index entry {index} is impossible ({problem}).");
        }
    }

    public static PartEntry Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        source[4],
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[32..]));
}
