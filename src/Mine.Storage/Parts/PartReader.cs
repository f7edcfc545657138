using Mine.Core.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using Mine.Storage.Blocks;

namespace Mine.Storage.Parts;

/// <summary>
/// A memory-mapped, immutable part file. The index is binary-searched in place (never loaded into managed
/// memory), so a year of parts costs address space, not heap. Reference counted: a merge retires a part while
/// queries may still be reading it, and the mapping is released only when the last reader is done.
/// </summary>
internal sealed unsafe class PartReader
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _length;
    private ReferenceCount _references = new();

    /// <summary>One bit per index entry: the block's checksum was verified through this mapping (see Decode).</summary>
    private readonly int[] _verified;

    private PartReader(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, long length, PartHeader header)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = basePointer;
        _length = length;
        Header = header;
        _verified = new int[(header.EntryCount + 31) / 32];
    }

    public string Path { get; }

    public PartHeader Header { get; }

    public long FileLength => _length;

    public int EntryCount => Header.EntryCount;

    public static PartReader Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length < PartFormat.HeaderSize)
        {
            throw new InvalidDataException($"{path}: too short to be a part file ({length} bytes).");
        }

        // Validate with ordinary reads, not through the mapping: touching every index page of a fresh part via the
        // map would count it in the process's resident memory until the kernel reclaims it.
        var header = ReadAndVerifyHeader(path, length);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        pointer += view.PointerOffset;
        try
        {
            return new PartReader(path, map, view, pointer, length, header);
        }
        catch
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            map.Dispose();
            throw;
        }
    }

    private static PartHeader ReadAndVerifyHeader(string path, long length)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> headerBytes = stackalloc byte[PartFormat.HeaderSize];
        RandomAccess.Read(file, headerBytes, 0);
        var header = PartHeader.Read(headerBytes, path);
        var indexLength = (long)header.EntryCount * PartFormat.EntrySize;
        if (header.IndexOffset < PartFormat.HeaderSize || header.IndexOffset > length - indexLength)
        {
            throw new InvalidDataException($"{path}: index lies outside the file.");
        }

        // Whole entries per chunk, so each can be checked as it goes by: nothing read later trusts an entry again.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var crc = 0u;
            var previousKey = -1L;
            var chunkBytes = buffer.Length / PartFormat.EntrySize * PartFormat.EntrySize;
            for (long at = 0; at < indexLength;)
            {
                var chunk = (int)Math.Min(chunkBytes, indexLength - at);
                var read = RandomAccess.Read(file, buffer.AsSpan(0, chunk), header.IndexOffset + at);
                if (read != chunk)
                {
                    throw new InvalidDataException($"{path}: the file shrank while its index was read.");
                }

                crc = Crc32C.Append(crc, buffer.AsSpan(0, chunk));
                for (var e = 0; e < chunk; e += PartFormat.EntrySize)
                {
                    var entry = PartEntry.Read(buffer.AsSpan(e, PartFormat.EntrySize));
                    entry.Validate(header, previousKey, path, (int)((at + e) / PartFormat.EntrySize));
                    previousKey = entry.Key;
                }

                at += chunk;
            }

            if (crc != header.IndexCrc)
            {
                throw new InvalidDataException($"{path}: index checksum mismatch.");
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return header;
    }

    /// <summary>
    /// Reads the whole index with ordinary reads into <paramref name="destination"/> (length EntryCount * EntrySize).
    /// Merges scan every entry once; reading instead of mapping keeps those pages out of resident memory.
    /// </summary>
    public void ReadIndex(Span<byte> destination)
    {
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.Read(file, destination, Header.IndexOffset);
    }

    /// <summary>Reads one block's bytes with an ordinary read (merges), verifying its checksum.</summary>
    public void ReadBlock(Microsoft.Win32.SafeHandles.SafeFileHandle file, in PartEntry entry, Span<byte> destination)
    {
        if (entry.Length < 0 || entry.Offset < PartFormat.HeaderSize || entry.Offset > Header.IndexOffset - entry.Length)
        {
            throw new InvalidDataException($"{Path}: block of series {entry.SeriesId} lies outside the data area.");
        }

        RandomAccess.Read(file, destination[..entry.Length], entry.Offset);
        if (Crc32C.Compute(destination[..entry.Length]) != entry.BlockCrc)
        {
            throw new InvalidDataException($"{Path}: block checksum mismatch for series {entry.SeriesId} archive {entry.Archive}.");
        }
    }

    public PartEntry EntryAt(int index) =>
        PartEntry.Read(new ReadOnlySpan<byte>(_base + Header.IndexOffset + (long)index * PartFormat.EntrySize, PartFormat.EntrySize));

    public ReadOnlySpan<byte> BlockBytes(in PartEntry entry)
    {
        if (entry.Length < 0 || entry.Offset < PartFormat.HeaderSize || entry.Offset > Header.IndexOffset - entry.Length)
        {
            throw new InvalidDataException($"{Path}: block of series {entry.SeriesId} lies outside the data area.");
        }

        return new ReadOnlySpan<byte>(_base + entry.Offset, entry.Length);
    }

    /// <summary>Binary search of the on-disk index for a (series, archive) block.</summary>
    public bool TryFind(int seriesId, int archive, out PartEntry entry) => TryFind(seriesId, archive, out entry, out _);

    /// <summary>Binary search of the on-disk index for a (series, archive) block, with its position in the index.</summary>
    public bool TryFind(int seriesId, int archive, out PartEntry entry, out int index)
    {
        var key = PartEntry.KeyOf(seriesId, archive);
        int lo = 0, hi = Header.EntryCount - 1;
        var indexBase = _base + Header.IndexOffset;
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            var p = indexBase + (long)mid * PartFormat.EntrySize;
            var midKey = PartEntry.KeyOf(*(int*)p, p[4]);
            if (midKey == key)
            {
                entry = EntryAt(mid);
                index = mid;
                return true;
            }

            if (midKey < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        entry = default;
        index = -1;
        return false;
    }

    /// <summary>
    /// Decodes a block into <paramref name="slots"/> (length = entry.SlotCount). Its checksum is verified the first
    /// time the block is read through this mapping and not again: the file is immutable and mapped read-only, so
    /// bytes that matched their checksum once stay the bytes that are read (docs/storage-format.md).
    /// </summary>
    public void Decode(in PartEntry entry, int entryIndex, Span<double> slots)
    {
        var bytes = BlockBytes(entry);
        ref var word = ref _verified[entryIndex >> 5];
        var bit = 1 << (entryIndex & 31);
        if ((Volatile.Read(ref word) & bit) == 0)
        {
            if (Crc32C.Compute(bytes) != entry.BlockCrc)
            {
                throw new InvalidDataException($"{Path}: block checksum mismatch for series {entry.SeriesId} archive {entry.Archive}.");
            }

            Interlocked.Or(ref word, bit);
        }

        ValueBlockCodec.Decode(bytes, slots);
    }

    /// <summary>
    /// Copies this part's non-empty slots of one (series, archive) that fall in [start, start + target.Length*step)
    /// over <paramref name="target"/>; returns whether the part holds that block in the range. When
    /// <paramref name="targetIsEmpty"/> (no layer has written yet, every slot is NaN) a block lying wholly inside the
    /// range is decoded straight into place, which is what copying its non-empty slots would give.
    /// </summary>
    [SkipLocalsInit] // the decode buffer is written whole before it is read
    public bool Overlay(int seriesId, int archive, long start, long step, Span<double> target, bool targetIsEmpty = false)
    {
        if (!TryFind(seriesId, archive, out var entry, out var index))
        {
            return false;
        }

        var end = start + target.Length * step;
        var blockEnd = entry.FirstSlotTime + (long)entry.SlotCount * step;
        if (blockEnd <= start || entry.FirstSlotTime >= end)
        {
            return false;
        }

        var from = Math.Max(start, entry.FirstSlotTime);
        var until = Math.Min(end, blockEnd);

        // Two divisions once, then walk both arrays by index (a division per point dominated wide reads).
        var source = (int)((from - entry.FirstSlotTime) / step);
        var destination = (int)((from - start) / step);
        var count = (int)((until - from + step - 1) / step);
        if (targetIsEmpty && source == 0 && count == entry.SlotCount)
        {
            if (!TryDecode(entry, index, target.Slice(destination, count)))
            {
                target.Slice(destination, count).Fill(double.NaN); // it was empty before the failed decode
                return false;
            }

            return true;
        }

        var buffer = entry.SlotCount <= 2048 ? stackalloc double[entry.SlotCount] : new double[entry.SlotCount];
        if (!TryDecode(entry, index, buffer))
        {
            return false;
        }

        var values = buffer.Slice(source, count);
        var slots = target.Slice(destination, count);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                slots[i] = values[i];
            }
        }

        return true;
    }

    /// <summary>
    /// Set once a read found a block that fails its checksum or does not decode. Reads skip that block (its slots read
    /// as missing instead of failing the whole query); the engine's maintenance merges the bucket again without it
    /// and moves this file to <c>corrupt/</c>.
    /// </summary>
    public bool Damaged => Volatile.Read(ref _damage) is not null;

    /// <summary>What the first damaged block was, for the log.</summary>
    public string? Damage => Volatile.Read(ref _damage);

    private string? _damage;

    /// <summary>Records damage a merge found with ordinary reads.</summary>
    public void MarkDamaged(string why) => Interlocked.CompareExchange(ref _damage, why, null);

    private bool TryDecode(in PartEntry entry, int index, Span<double> slots)
    {
        try
        {
            Decode(entry, index, slots);
            return true;
        }
        catch (InvalidDataException ex)
        {
            Interlocked.CompareExchange(ref _damage, ex.Message, null);
            return false;
        }
    }

    public bool TryAcquire() => _references.TryAcquire();

    public void Release()
    {
        if (_references.Release())
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }

    /// <summary>
    /// Drops the owner's reference. The file is unlinked at once: on Linux a mapping outlives the name, so readers
    /// still holding the part keep reading it, and a crash cannot resurrect a superseded part.
    /// </summary>
    public void Retire(bool deleteFile)
    {
        if (deleteFile)
        {
            File.Delete(Path);
        }

        Release();
    }

    /// <summary>Drops the owner's reference and moves the file aside for inspection instead of deleting it.</summary>
    public void Quarantine(string quarantineDirectory)
    {
        try
        {
            Directory.CreateDirectory(quarantineDirectory);
            File.Move(Path, System.IO.Path.Combine(quarantineDirectory, System.IO.Path.GetFileName(Path)), overwrite: true);
        }
        finally
        {
            Release();
        }
    }
}
