using Mine.Core.IO;
using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Mine.Storage.Wal;

/// <summary>
/// Appends records to a directory of segment files (00000000.wal, 00000001.wal, ...). Thread-safe: many ingest
/// connections append at once. When an Append returns, its bytes have been handed to the OS with a write call (no
/// user-space buffer is left), so they survive a kill -9 of the process; surviving power loss depends on
/// <see cref="WalSyncMode"/>. Open always starts a fresh segment: replay (and repair) the old ones with
/// <see cref="WalReader.Replay"/> first.
/// Partial files: this one (appending, segments), WalWriter.Sync.cs (fsync and group commit).
/// </summary>
public sealed partial class WalWriter : IDisposable
{
    private readonly WalOptions _options;
    private readonly Action<string> _log;

    // Guards the current segment: its handle, number and length, and the logical byte counter below.
    private readonly object _writeLock = new();
    private SafeFileHandle _segment;
    private long _segmentNumber;
    private long _segmentLength;

    // Bytes ever written by this writer, across segments. Sync progress is measured against it.
    private long _written;
    private bool _disposed;

    private WalWriter(string directory, WalOptions options, Action<string> log, long firstSegment)
    {
        Directory = directory;
        _options = options;
        _log = log;
        _segmentNumber = firstSegment;
        _segment = CreateSegment(firstSegment);
        _segmentLength = WalFormat.SegmentHeaderSize;
        StartBackgroundSync();
    }

    public string Directory { get; }

    /// <summary>Number of the segment new records go to.</summary>
    public long CurrentSegment
    {
        get
        {
            lock (_writeLock)
            {
                return _segmentNumber;
            }
        }
    }

    /// <summary>Opens <paramref name="directory"/> (creating it if needed) and starts a new segment after the last one.</summary>
    public static WalWriter Open(string directory, WalOptions? options = null, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new WalOptions();
        options.Validate();
        System.IO.Directory.CreateDirectory(directory);
        var existing = WalFormat.ListSegments(directory);
        var first = existing.Count == 0 ? 0 : existing[^1] + 1;
        return new WalWriter(directory, options, log ?? (_ => { }), first);
    }

    /// <summary>
    /// Appends one record and returns the number of the segment that holds it. Record type 0 is reserved.
    /// In <see cref="WalSyncMode.Always"/> mode it returns after the record is on disk.
    /// </summary>
    public long Append(byte recordType, ReadOnlySpan<byte> payload)
    {
        WalFormat.ValidateRecord(recordType, payload.Length);
        var size = WalFormat.RecordSize(payload.Length);

        // Frame and checksum outside the lock so concurrent appenders only serialize on the write call itself.
        var framed = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            WalFormat.WriteRecord(framed.AsSpan(0, size), recordType, payload);
            return Write(framed.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }
    }

    /// <summary>Appends every record of <paramref name="batch"/> with one write call; returns the segment that holds them.</summary>
    public long Append(WalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Length == 0 ? CurrentSegment : Write(batch.Bytes);
    }

    /// <summary>
    /// Closes the current segment (fsynced unless the mode is None) and starts the next; returns the new segment's number. Every record
    /// appended before this call is in a segment numbered below it, which is what a flush needs to know before it
    /// may call <see cref="RemoveSegmentsBefore"/> with that number.
    /// </summary>
    public long StartNewSegment()
    {
        lock (_writeLock)
        {
            ThrowIfUnusable();
            RotateLocked();
            return _segmentNumber;
        }
    }

    /// <summary>
    /// Deletes segments numbered below <paramref name="segment"/> (never the current one): the caller has made their
    /// records durable elsewhere. Returns how many files were deleted.
    /// </summary>
    public int RemoveSegmentsBefore(long segment)
    {
        var limit = Math.Min(segment, CurrentSegment);
        var removed = 0;
        foreach (var number in WalFormat.ListSegments(Directory))
        {
            if (number >= limit)
            {
                break;
            }

            try
            {
                File.Delete(WalFormat.SegmentPath(Directory, number));
                removed++;
            }
            catch (IOException e)
            {
                _log($"WAL: cannot delete segment {WalFormat.SegmentFileName(number)}: {e.Message}; will retry at the next checkpoint");
            }
        }

        // Routine (the ClickHouse backlog removes a segment every second), so not logged: the count is returned.
        return removed;
    }

    public void Dispose()
    {
        StopBackgroundSync();
        SafeFileHandle segment;
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            segment = _segment;
            try
            {
                RandomAccess.FlushToDisk(segment);
                MarkDurable(_written);
            }
            catch (IOException e)
            {
                _log($"WAL: fsync on close failed: {e.Message}");
            }
        }

        // A sync leader may still hold a reference; the file really closes when it lets go.
        segment.Dispose();
    }

    private long Write(ReadOnlySpan<byte> framed)
    {
        long segment;
        long writtenThrough;
        lock (_writeLock)
        {
            ThrowIfUnusable();
            if (_segmentLength > WalFormat.SegmentHeaderSize && _segmentLength + framed.Length > _options.MaxSegmentSize)
            {
                RotateLocked();
            }

            try
            {
                RandomAccess.Write(_segment, framed, _segmentLength);
            }
            catch (IOException)
            {
                // A short write (disk full) may have left part of the record behind; cut it off so the next record
                // follows the last good one instead of garbage. If even that fails, replay will cut it.
                TryTruncate(_segment, _segmentLength);
                throw;
            }

            _segmentLength += framed.Length;
            _written += framed.Length;
            writtenThrough = _written;
            segment = _segmentNumber;
        }

        if (_options.SyncMode == WalSyncMode.Always)
        {
            WaitUntilDurable(writtenThrough);
        }

        return segment;
    }

    private void RotateLocked()
    {
        var next = CreateSegment(_segmentNumber + 1);
        var previous = _segment;
        if (_options.SyncMode != WalSyncMode.None)
        {
            try
            {
                // Syncs only ever cover the current segment, so the one being closed is fsynced now. In None mode the
                // kernel writes it back when it likes: fsyncing up to a segment of dirty pages here would stall every
                // appender behind the disk, which is what None promises not to do.
                _options.FaultInjection?.Invoke(WalOptions.FsyncPoint);
                RandomAccess.FlushToDisk(previous);
            }
            catch (IOException e)
            {
                next.Dispose();
                File.Delete(WalFormat.SegmentPath(Directory, _segmentNumber + 1));
                Fault(e); // the same rule as a failed background fsync: the pages may be gone, stop acknowledging
                throw;
            }

            MarkDurable(_written);
        }

        _segment = next;
        _segmentNumber++;
        _segmentLength = WalFormat.SegmentHeaderSize;
        previous.Dispose();
    }

    private SafeFileHandle CreateSegment(long number)
    {
        var path = WalFormat.SegmentPath(Directory, number);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        try
        {
            Span<byte> header = stackalloc byte[WalFormat.SegmentHeaderSize];
            WalFormat.WriteSegmentHeader(header);
            RandomAccess.Write(handle, header, 0);
            if (_options.SyncMode != WalSyncMode.None)
            {
                // The new file's directory entry must be durable before records in it are acknowledged as durable.
                FileSystemSync.SyncDirectory(Directory);
            }

            return handle;
        }
        catch
        {
            // A segment without its header (disk full) would block every later attempt to create this number.
            handle.Dispose();
            TryDelete(path);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // An empty or headerless segment is repaired (truncated to nothing) by the next replay anyway.
        }
    }

    private static void TryTruncate(SafeFileHandle handle, long length)
    {
        try
        {
            RandomAccess.SetLength(handle, length);
        }
        catch (IOException)
        {
            // Replay repairs a torn tail anyway.
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfFaulted();
    }
}
