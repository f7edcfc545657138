using Microsoft.Win32.SafeHandles;

namespace Mine.Storage.Wal;

/// <summary>
/// Replays a WAL directory in segment order and repairs it on the way. Damage never stops a start: a segment with a
/// torn or corrupt record (short header, length past the end of the file or absurd, checksum mismatch, zero-filled
/// tail) is cut back to its last good record, the loss is logged, and replay goes on with the next segment.
/// Records after the damage in the same segment are lost: v1 records carry no sync marker to find them again.
/// </summary>
public static class WalReader
{
    public static WalReplaySummary Replay(string directory, WalRecordHandler onRecord, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(onRecord);
        log ??= _ => { };
        var segments = WalFormat.ListSegments(directory);
        using var buffer = new SegmentBuffer();
        long records = 0;
        long bytes = 0;
        long discarded = 0;
        var repaired = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0 && segments[i] != segments[i - 1] + 1)
            {
                log($"WAL: segments {WalFormat.SegmentFileName(segments[i - 1] + 1)} to {WalFormat.SegmentFileName(segments[i] - 1)} are missing; their records are lost");
            }

            var path = WalFormat.SegmentPath(directory, segments[i]);
            var scan = ReplaySegment(path, onRecord, buffer);
            records += scan.Records;
            bytes += scan.ValidLength;
            if (scan.Problem is null)
            {
                continue;
            }

            var lost = scan.FileLength - scan.ValidLength;
            var position = i == segments.Count - 1 ? "last" : "non-last";
            log($"WAL: {scan.Problem} in {position} segment {Path.GetFileName(path)} at offset {scan.ValidLength}; " +
                $"truncating it there ({lost} bytes lost, {scan.Records} good records kept)");
            Truncate(path, scan.ValidLength);
            repaired++;
            discarded += lost;
        }

        return new WalReplaySummary(
            segments.Count,
            records,
            bytes,
            segments.Count == 0 ? -1 : segments[0],
            segments.Count == 0 ? -1 : segments[^1],
            repaired,
            discarded);
    }

    /// <summary>The bytes of every segment in <paramref name="directory"/>.</summary>
    public static long BytesOnDisk(string directory) => WalFormat.ListSegments(directory).Sum(segment =>
    {
        try
        {
            return new FileInfo(WalFormat.SegmentPath(directory, segment)).Length;
        }
        catch (IOException)
        {
            return 0; // deleted meanwhile
        }
    });

    /// <summary>The segment numbers in <paramref name="directory"/>, oldest first.</summary>
    public static IReadOnlyList<long> Segments(string directory) => WalFormat.ListSegments(directory);

    /// <summary>
    /// Reads the good records of one closed segment (a WAL used as a queue: its reader sends a segment, then deletes
    /// it). A torn or corrupt tail is logged and skipped, not repaired: the segment is deleted once sent. Returns the
    /// records read.
    /// </summary>
    public static long ReadSegment(string directory, long segment, WalRecordHandler onRecord, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        using var buffer = new SegmentBuffer();
        var path = WalFormat.SegmentPath(directory, segment);
        var scan = ReplaySegment(path, onRecord, buffer);
        if (scan.Problem is not null)
        {
            log?.Invoke($"WAL: {scan.Problem} in segment {Path.GetFileName(path)} at offset {scan.ValidLength}; "
                + $"{scan.FileLength - scan.ValidLength} bytes after it are lost, {scan.Records} good records read");
        }

        return scan.Records;
    }

    private static SegmentScan ReplaySegment(string path, WalRecordHandler onRecord, SegmentBuffer buffer)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = RandomAccess.GetLength(file);
        var scan = new SegmentScan { FileLength = length };
        if (length == 0)
        {
            return scan; // created but never written: a crash right after rotation
        }

        buffer.Reset(file, length);
        if (length < WalFormat.SegmentHeaderSize)
        {
            scan.Problem = "short segment header";
            return scan;
        }

        scan.Problem = WalFormat.CheckSegmentHeader(buffer.Get(0, WalFormat.SegmentHeaderSize), path);
        if (scan.Problem is not null)
        {
            return scan;
        }

        long offset = WalFormat.SegmentHeaderSize;
        scan.ValidLength = offset;
        while (offset < length)
        {
            scan.Problem = ReadRecord(buffer, offset, length, out var recordType, out var payload);
            if (scan.Problem is not null)
            {
                return scan;
            }

            onRecord(recordType, payload);
            scan.Records++;
            offset += WalFormat.RecordSize(payload.Length);
            scan.ValidLength = offset;
        }

        return scan;
    }

    /// <summary>Reads and checks the record at <paramref name="offset"/>; returns what is wrong with it, or null.</summary>
    private static string? ReadRecord(SegmentBuffer buffer, long offset, long fileLength, out byte recordType, out ReadOnlySpan<byte> payload)
    {
        recordType = 0;
        payload = default;
        var remaining = fileLength - offset;
        if (remaining < WalFormat.RecordHeaderSize)
        {
            return buffer.IsZero(offset, fileLength) ? "zero-filled tail" : "torn record header";
        }

        var header = buffer.Get(offset, WalFormat.RecordHeaderSize);
        var payloadLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header);
        var checksum = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        recordType = header[8];
        if (payloadLength == 0 && checksum == 0 && recordType == 0)
        {
            return buffer.IsZero(offset, fileLength) ? "zero-filled tail" : "zeroed record header";
        }

        if (recordType == 0)
        {
            return "reserved record type 0";
        }

        if (payloadLength > WalFormat.MaxRecordPayload)
        {
            return $"absurd record length {payloadLength}";
        }

        if (payloadLength > remaining - WalFormat.RecordHeaderSize)
        {
            return $"record length {payloadLength} runs past the end of the file (torn write)";
        }

        var typeAndPayload = buffer.Get(offset + 8, 1 + (int)payloadLength);
        if (WalFormat.Checksum(typeAndPayload) != checksum)
        {
            return "record checksum mismatch";
        }

        payload = typeAndPayload[1..];
        return null;
    }

    private static void Truncate(string path, long length)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        RandomAccess.SetLength(file, length);
        RandomAccess.FlushToDisk(file);
    }

    private struct SegmentScan
    {
        public long FileLength;
        public long ValidLength;
        public long Records;
        public string? Problem;
    }

    /// <summary>
    /// A read-ahead window over one segment, so replay costs one read call per megabyte instead of two per record.
    /// Spans it returns stay valid until the next <see cref="Get"/>.
    /// </summary>
    private sealed class SegmentBuffer : IDisposable
    {
        private const int ReadAhead = 1 << 20;
        private byte[] _bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadAhead);
        private SafeFileHandle? _file;
        private long _fileLength;
        private long _windowStart;
        private int _windowLength;

        public void Reset(SafeFileHandle file, long fileLength)
        {
            _file = file;
            _fileLength = fileLength;
            _windowStart = 0;
            _windowLength = 0;
        }

        public ReadOnlySpan<byte> Get(long offset, int count)
        {
            if (offset < _windowStart || offset + count > _windowStart + _windowLength)
            {
                Load(offset, count);
            }

            return _bytes.AsSpan((int)(offset - _windowStart), count);
        }

        /// <summary>Whether every byte from <paramref name="offset"/> to the end of the file is zero.</summary>
        public bool IsZero(long offset, long end)
        {
            while (offset < end)
            {
                var chunk = (int)Math.Min(ReadAhead, end - offset);
                if (Get(offset, chunk).IndexOfAnyExcept((byte)0) >= 0)
                {
                    return false;
                }

                offset += chunk;
            }

            return true;
        }

        public void Dispose()
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        private void Load(long offset, int count)
        {
            if (_bytes.Length < count)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(count);
            }

            var want = (int)Math.Min(_bytes.Length, _fileLength - offset);
            var filled = 0;
            while (filled < want)
            {
                var read = RandomAccess.Read(_file!, _bytes.AsSpan(filled, want - filled), offset + filled);
                if (read == 0)
                {
                    break; // the file shrank under us; the caller's length checks catch it
                }

                filled += read;
            }

            if (filled < count)
            {
                throw new IOException($"WAL segment shrank while being replayed (wanted {count} bytes at {offset}).");
            }

            _windowStart = offset;
            _windowLength = filled;
        }
    }
}
