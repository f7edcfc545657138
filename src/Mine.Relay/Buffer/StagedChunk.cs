using Mine.Core.IO;
using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>
/// A chunk being filled: an open <c>&lt;id&gt;.staged</c> file of <see cref="ChunkRecords"/>, appended with one
/// positioned write per piece, so that once an append returns its records are in the kernel and survive a kill -9.
/// Appends are serialized by the owning destination's staging lock; sealing happens after the chunk was taken out
/// of staging, by one thread.
/// </summary>
internal sealed class StagedChunk
{
    private readonly SafeFileHandle _file;
    private long _synced;
    private bool _directorySynced;

    private StagedChunk(string directory, ChunkId id, DateTimeOffset createdAt, SafeFileHandle file)
    {
        Directory = directory;
        Id = id;
        CreatedAt = createdAt;
        _file = file;
        SyncedAt = createdAt;
    }

    public string Directory { get; }

    public ChunkId Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public string Path => ChunkFiles.StagedPath(Directory, Id);

    /// <summary>Record bytes written (the file's length).</summary>
    public long Length { get; private set; }

    public int Points { get; private set; }

    /// <summary>A sealing pass has it (guarded by the destination's staging lock).</summary>
    public bool Sealing { get; set; }

    /// <summary>When the last fsync was decided (guarded by the destination's staging lock).</summary>
    public DateTimeOffset SyncedAt { get; set; }

    /// <summary>Written since the last <see cref="Sync"/>: a power loss could take it.</summary>
    public bool Dirty => Length > Volatile.Read(ref _synced);

    public static StagedChunk Create(string directory, ChunkId id, DateTimeOffset createdAt)
    {
        var file = File.OpenHandle(ChunkFiles.StagedPath(directory, id), FileMode.CreateNew, FileAccess.ReadWrite);
        return new StagedChunk(directory, id, createdAt, file);
    }

    public void Append(ReadOnlySpan<byte> records, int points)
    {
        try
        {
            RandomAccess.Write(_file, records, Length);
        }
        catch (IOException)
        {
            // A short write (disk full) may have left part of a record; cut it so the next piece follows whole ones.
            // If even that fails, recovery cuts the torn record.
            try
            {
                RandomAccess.SetLength(_file, Length);
            }
            catch (IOException)
            {
            }

            throw;
        }

        Length += records.Length;
        Points += points;
    }

    /// <summary>
    /// fsyncs what was written so far (and, the first time, the folder, so the file's name survives too). Called
    /// outside the staging lock, concurrently with appends and even with the chunk's sealing: the handle is kept
    /// alive by a reference until the fsync ends.
    /// </summary>
    public void Sync(long length)
    {
        var referenced = false;
        try
        {
            _file.DangerousAddRef(ref referenced);
            RandomAccess.FlushToDisk(_file);
        }
        catch (ObjectDisposedException)
        {
            return; // sealed and closed meanwhile: the sealed chunk is durable by itself
        }
        finally
        {
            if (referenced)
            {
                _file.DangerousRelease();
            }
        }

        if (!_directorySynced)
        {
            FileSystemSync.SyncDirectory(Directory);
            _directorySynced = true;
        }

        var synced = Volatile.Read(ref _synced);
        while (length > synced)
        {
            var seen = Interlocked.CompareExchange(ref _synced, length, synced);
            if (seen == synced)
            {
                break;
            }

            synced = seen;
        }
    }

    /// <summary>Reads the records back from the file (the page cache, normally) and seals them.</summary>
    public byte[] Seal()
    {
        var length = (int)Length;
        var records = ChunkScratch.Pool.Rent(Math.Max(1, length));
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(_file, records.AsSpan(read, length - read), read);
                if (n == 0)
                {
                    throw new IOException($"{Path} ends at byte {read}, {length} were written to it");
                }

                read += n;
            }

            return ChunkPayload.Seal(records.AsSpan(0, length), Points);
        }
        finally
        {
            ChunkScratch.Pool.Return(records);
        }
    }

    /// <summary>Closes the file; with <paramref name="delete"/>, removes it too (its chunk is sealed).</summary>
    public bool Close(bool delete)
    {
        _file.Dispose();
        return !delete || ChunkFiles.TryDelete(Path);
    }
}
