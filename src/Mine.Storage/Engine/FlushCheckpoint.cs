using Mine.Core.IO;
using Mine.Core.Hashing;
using System.Buffers.Binary;

namespace Mine.Storage.Engine;

/// <summary>
/// <c>checkpoint</c>: the last flush whose parts are all durable, and the first WAL segment still needed. A flush
/// writes one part per time bucket; only when every one of them is complete does the checkpoint name the flush's
/// generation, so a crash in the middle of a flush leaves parts the checkpoint does not cover (deleted at start:
/// their points are still in the WAL) instead of a WAL trimmed on the word of a part whose siblings never finished.
/// Format (version 1, docs/storage-format.md): <c>"MCKP" | u16 version | u16 0 | i64 generation | i64 WAL segment
/// end | u32 CRC-32C of bytes 0..23</c>; written to a temporary file, fsynced, renamed, directory fsynced.
/// </summary>
internal readonly record struct FlushCheckpoint(long Generation, long WalSegmentEnd)
{
    public const string FileName = "checkpoint";
    private const int Size = 28;
    private const ushort Version = 1;
    private static ReadOnlySpan<byte> Magic => "MCKP"u8;

    /// <summary>Reads the checkpoint; null when there is none (a new folder, or one written before checkpoints).</summary>
    /// <exception cref="InvalidDataException">The file is damaged.</exception>
    /// <exception cref="NotSupportedException">The file was written by a newer Mine.</exception>
    public static FlushCheckpoint? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Size || !bytes.AsSpan(0, 4).SequenceEqual(Magic) ||
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)) != Crc32C.Compute(bytes.AsSpan(0, 24)))
        {
            throw new InvalidDataException($"{path} is damaged ({bytes.Length} bytes, bad magic or checksum).");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version != Version)
        {
            throw new NotSupportedException($"{path} has version {version}; this Mine reads version {Version}. Use a newer Mine for this data folder.");
        }

        return new FlushCheckpoint(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
    }

    /// <summary>Replaces the checkpoint atomically and durably.</summary>
    public void Write(string dataDirectory)
    {
        Span<byte> bytes = stackalloc byte[Size];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], WalSegmentEnd);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[24..], Crc32C.Compute(bytes[..24]));
        var path = Path.Combine(dataDirectory, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FileSystemSync.SyncDirectory(dataDirectory);
    }
}
