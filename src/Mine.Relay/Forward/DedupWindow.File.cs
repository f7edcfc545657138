using Mine.Core.IO;
using System.Buffers.Binary;
using Mine.Core.Hashing;
using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// The dedup window's file, <c>forward-dedup.log</c>: an 8-byte header (<c>MFDW</c>, version 1, 3 reserved bytes),
/// then 20-byte entries (chunk id, CRC-32C of the id) appended with one write() each. Loaded at open (a torn last
/// entry cut, a damaged one skipped), rewritten with only the live ids when it has grown past twice their number.
/// </summary>
public sealed partial class DedupWindow
{
    public const string FileName = "forward-dedup.log";

    /// <summary>The folder a host keeps the window in, inside its data folder (serve) or its buffer folder (a chained
    /// relay). No destination key can be this name (keys hold a '_'), and the buffer leaves it alone.</summary>
    public const string FolderName = "forward-dedup";

    private const int HeaderSize = 8;
    private const int EntrySize = ChunkId.Size + 4;
    private const byte FileVersion = 1;

    /// <summary>Entries over twice the live ids before a rewrite: a small window is not rewritten at every record.</summary>
    private const int CompactionSlack = 4096;

    private readonly string _path;
    private readonly string _directory;
    private FileStream? _file;
    private long _entriesInFile;

    /// <summary>Set when an append failed part-way: entries after a partial one would be misaligned, so the next
    /// record rewrites the whole file from memory instead of appending.</summary>
    private bool _fileNeedsRewrite;

    private static ReadOnlySpan<byte> Magic => "MFDW"u8;

    private DedupWindow(string directory, DedupWindowOptions options, ForwardLog log)
    {
        _directory = directory;
        _path = Path.Combine(directory, FileName);
        _options = options;
        _log = log;
    }

    /// <summary>Opens (or creates) the window of <paramref name="directory"/>. Throws when another process has it open
    /// and when the file is of a later version (not damage: a newer Mine's file).</summary>
    public static DedupWindow Open(string directory, DedupWindowOptions? options = null, ForwardLog? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var window = new DedupWindow(directory, options ?? DedupWindowOptions.Default, log ?? ((_, _) => { }));
        try
        {
            window.Load();
        }
        catch
        {
            window.CloseFile();
            throw;
        }

        return window;
    }

    private void Load()
    {
        var temporary = _path + ".tmp";
        if (File.Exists(temporary))
        {
            File.Delete(temporary); // a rewrite killed before its rename: the log itself is whole
        }

        _file = OpenExclusive(_path);
        var length = _file.Length;
        if (length < HeaderSize)
        {
            Span<byte> start = stackalloc byte[(int)length];
            _file.ReadExactly(start);
            if (!Magic.StartsWith(start[..Math.Min(start.Length, Magic.Length)]))
            {
                SetAside($"its {length} bytes are not the start of a dedup log");
                return;
            }

            if (length > 0)
            {
                _log(ForwardLogLevel.Warning, $"{_path}: the header was cut short ({length} bytes, a crash while it was created); starting an empty window");
            }

            WriteHeader();
            return;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        _file.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic))
        {
            SetAside("it does not start with the magic MFDW");
            return;
        }

        if (header[4] != FileVersion)
        {
            throw new NotSupportedException($"{_path} is a dedup log of version {header[4]}, written by a newer Mine (this one reads version {FileVersion}). Run the newer Mine, or move the file away: the receiver then forgets which chunks it stored, and a chunk resent later is stored again.");
        }

        var (entries, skipped) = ReadEntries(length);
        var tail = (length - HeaderSize) % EntrySize;
        if (tail != 0)
        {
            _file.SetLength(length - tail);
            _log(ForwardLogLevel.Warning, $"{_path}: cut a torn last entry of {tail} bytes (a crash in the middle of an append)");
        }

        if (skipped > 0)
        {
            _log(ForwardLogLevel.Warning, $"{_path}: skipped {skipped} damaged entries (their CRC does not match); a chunk among them, if resent, is stored again");
        }

        _entriesInFile = entries;
        _file.Seek(0, SeekOrigin.End);
        var evicted = Evict();
        if (skipped > 0 || evicted > 0 || _entriesInFile > _ids.Count)
        {
            CompactLocked();
        }
    }

    /// <summary>Reads every whole entry into the set, in file order; returns how many there were and how many were
    /// skipped as damaged.</summary>
    private (long Entries, long Skipped) ReadEntries(long length)
    {
        var whole = (length - HeaderSize) / EntrySize;
        var buffer = new byte[EntrySize * 4096];
        long read = 0;
        long skipped = 0;
        while (read < whole)
        {
            var count = (int)Math.Min(whole - read, buffer.Length / EntrySize);
            var span = buffer.AsSpan(0, count * EntrySize);
            _file!.ReadExactly(span);
            for (var i = 0; i < count; i++)
            {
                var entry = span.Slice(i * EntrySize, EntrySize);
                if (Crc32C.Compute(entry[..ChunkId.Size]) != BinaryPrimitives.ReadUInt32LittleEndian(entry[ChunkId.Size..]))
                {
                    skipped++;
                    continue;
                }

                var id = ChunkId.Read(entry);
                if (_ids.Add(id))
                {
                    _order.Enqueue(id);
                }
            }

            read += count;
        }

        return (whole, skipped);
    }

    /// <summary>A file that is not a dedup log is kept for a look, not overwritten, and the window starts empty.</summary>
    private void SetAside(string why)
    {
        CloseFile();
        var aside = _path + ".damaged";
        File.Move(_path, aside, overwrite: true);
        _log(ForwardLogLevel.Warning, $"{_path} is not a dedup log ({why}); moved to {aside}, starting an empty window (a chunk resent now may be stored again)");
        _file = OpenExclusive(_path);
        WriteHeader();
    }

    private void WriteHeader()
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        header[4] = FileVersion;
        _file!.SetLength(0);
        _file.Write(header);
        _file.Flush(flushToDisk: true);
        _entriesInFile = 0;
    }

    private void Append(ChunkId id)
    {
        if (_fileNeedsRewrite)
        {
            CompactLocked();
            return; // the rewrite wrote every id, this one included
        }

        Span<byte> entry = stackalloc byte[EntrySize];
        WriteEntry(entry, id);
        try
        {
            _file!.Write(entry);
            _entriesInFile++;
        }
        catch (IOException ex)
        {
            WriteFailures++;
            _fileNeedsRewrite = true;
            _log(ForwardLogLevel.Error, $"{_path}: could not append chunk id {id} ({ex.Message}); it is remembered until the process ends, and the file is rewritten at the next record. Free space on that disk.");
        }
    }

    /// <summary>Writes the live ids to a temporary file, syncs it, renames it over the log and syncs the directory:
    /// a kill at any point leaves either the old log or the new one.</summary>
    private void CompactLocked()
    {
        var temporary = _path + ".tmp";
        try
        {
            using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> header = stackalloc byte[HeaderSize];
                Magic.CopyTo(header);
                header[4] = FileVersion;
                output.Write(header);
                Span<byte> entry = stackalloc byte[EntrySize];
                foreach (var id in _order)
                {
                    WriteEntry(entry, id);
                    output.Write(entry);
                }

                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            FileSystemSync.SyncDirectory(_directory);
            var old = _file;
            _file = OpenExclusive(_path);
            _file.Seek(0, SeekOrigin.End);
            old?.Dispose();
            _entriesInFile = _ids.Count;
            _fileNeedsRewrite = false;
        }
        catch (IOException ex)
        {
            WriteFailures++;
            _fileNeedsRewrite = true;
            _log(ForwardLogLevel.Error, $"{_path}: could not rewrite the dedup log ({ex.Message}); the ids are remembered until the process ends and the rewrite is tried again at the next record. Free space on that disk.");
        }
    }

    private static void WriteEntry(Span<byte> entry, ChunkId id)
    {
        id.Write(entry);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[ChunkId.Size..], Crc32C.Compute(entry[..ChunkId.Size]));
    }

    /// <summary>Unbuffered (every append is one write(), so a kill loses nothing written) and exclusive: two receivers
    /// recording into one file would each forget the other's ids at their next rewrite.</summary>
    private static FileStream OpenExclusive(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new IOException($"{path} is in use by another process: give each receiving Mine its own data directory ({ex.Message})", ex);
        }
    }

    private void CloseFile()
    {
        _file?.Dispose();
        _file = null;
    }
}
