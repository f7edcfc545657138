using Mine.Core.IO;
using Mine.Core.Hashing;
using System.Buffers;
using Mine.Storage.Blocks;

namespace Mine.Storage.Parts;

/// <summary>
/// Writes one immutable part file: blocks in (series, archive) order, then the index, then the header at offset 0.
/// The file is written under a temporary name, fsynced and renamed, so a crash never leaves a half part visible.
/// </summary>
internal sealed class PartWriter : IDisposable
{
    private readonly string _finalPath;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _encoded = new(64 * 1024);
    // Pooled: a part indexes up to a million blocks, and a fresh 40 MB list per flush would be large-object-heap
    // garbage that inflates the process between full collections.
    private PartEntry[] _entries = ArrayPool<PartEntry>.Shared.Rent(4096);
    private int _entryCount;
    private readonly int _step;
    private readonly long _bucketStart;
    private readonly long _bucketEnd;
    private long _position = PartFormat.HeaderSize;
    private long _lastKey = -1;
    private bool _completed;

    public PartWriter(string directory, int step, long bucketStart, long bucketEnd, long generation, long minGeneration = -1)
    {
        Directory.CreateDirectory(directory);
        _step = step;
        _bucketStart = bucketStart;
        _bucketEnd = bucketEnd;
        _finalPath = FreePath(directory, PartFileName(bucketStart, minGeneration < 0 ? generation : minGeneration, generation));
        _tempPath = _finalPath + ".tmp";
        _file = new FileStream(_tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 64 * 1024);
        _file.Write(new byte[PartFormat.HeaderSize]);
    }

    /// <summary>Bucket start and the generation range covered: a merge's output never collides with its inputs.</summary>
    public static string PartFileName(long bucketStart, long minGeneration, long generation) =>
        $"{bucketStart}_{minGeneration:D12}-{generation:D12}{PartFormat.Extension}";

    public string FinalPath => _finalPath;

    /// <summary>
    /// A name no part has: a merge of a single part (retention, a damaged block) covers the same generations as its
    /// input, and renaming its output over the input would have the input's deletion delete the output.
    /// </summary>
    private static string FreePath(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        var stem = fileName[..^PartFormat.Extension.Length];
        for (var rewrite = 1; File.Exists(path); rewrite++)
        {
            path = Path.Combine(directory, $"{stem}-r{rewrite}{PartFormat.Extension}");
        }

        return path;
    }

    public int EntryCount => _entryCount;

    public long BytesWritten => _position;

    /// <summary>Adds a block covering slots [firstSlotTime, firstSlotTime + slots.Length*step). Keys must ascend.</summary>
    public void Add(int seriesId, int archive, long firstSlotTime, ReadOnlySpan<double> slots)
    {
        var key = PartEntry.KeyOf(seriesId, archive);
        if (key <= _lastKey)
        {
            throw new InvalidOperationException($"Part blocks must be added in ascending (series, archive) order; got {seriesId}/{archive} after key {_lastKey}.");
        }

        _lastKey = key;
        _encoded.ResetWrittenCount();
        var length = ValueBlockCodec.Encode(slots, _encoded);
        var bytes = _encoded.WrittenSpan[..length];
        _file.Write(bytes);
        AddEntry(new PartEntry(seriesId, (byte)archive, firstSlotTime, slots.Length, length, _position, Crc32C.Compute(bytes)));
        _position += length;
    }

    /// <summary>Adds an already-encoded block unchanged (merges copy untouched blocks without re-encoding).</summary>
    public void AddEncoded(PartEntry entry, ReadOnlySpan<byte> encoded)
    {
        if (entry.Key <= _lastKey)
        {
            throw new InvalidOperationException("Part blocks must be added in ascending (series, archive) order.");
        }

        _lastKey = entry.Key;
        _file.Write(encoded);
        AddEntry(entry with { Offset = _position });
        _position += encoded.Length;
    }

    /// <summary>Writes index and header, makes the file durable and gives it its final name.</summary>
    public string Complete(long minGeneration, long generation, long walSegmentEnd)
    {
        var indexOffset = _position;
        var indexCrc = 0u;
        Span<byte> entryBytes = stackalloc byte[PartFormat.EntrySize];
        for (var i = 0; i < _entryCount; i++)
        {
            _entries[i].Write(entryBytes);
            indexCrc = Crc32C.Append(indexCrc, entryBytes);
            _file.Write(entryBytes);
        }

        var header = new byte[PartFormat.HeaderSize];
        new PartHeader(_step, _bucketStart, _bucketEnd, minGeneration, generation, walSegmentEnd, _entryCount, indexOffset, indexCrc).Write(header);
        _file.Position = 0;
        _file.Write(header);
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_tempPath, _finalPath, overwrite: true);
        FileSystemSync.SyncDirectory(Path.GetDirectoryName(_finalPath)!);
        _completed = true;
        return _finalPath;
    }

    private void AddEntry(in PartEntry entry)
    {
        if (_entryCount == _entries.Length)
        {
            var grown = ArrayPool<PartEntry>.Shared.Rent(_entries.Length * 2);
            Array.Copy(_entries, grown, _entryCount);
            ArrayPool<PartEntry>.Shared.Return(_entries);
            _entries = grown;
        }

        _entries[_entryCount++] = entry;
    }

    public void Dispose()
    {
        ArrayPool<PartEntry>.Shared.Return(_entries);
        _entries = [];
        if (!_completed)
        {
            _file.Dispose();
            File.Delete(_tempPath);
        }
    }
}
