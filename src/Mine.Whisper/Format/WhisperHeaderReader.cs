using System.Buffers.Binary;

namespace Mine.Whisper.Format;

/// <summary>
/// Reads and checks a whisper header. whisper itself checks only the aggregation type and the xFilesFactor; a file
/// whose header is cut short or lies about its archives would make it read past the end or mix archives. Mine
/// checks every field it relies on, with whisper's own archive rules (validateArchiveList), so an import never
/// reads garbage as points.
/// </summary>
public static class WhisperHeaderReader
{
    /// <summary>Bytes to read from the start of a file to be sure to hold any valid header.</summary>
    public const int MaxHeaderSize = WhisperHeader.MetadataSize + (WhisperHeader.ArchiveInfoSize * WhisperHeader.MaxArchives);

    /// <summary>Parses the header at the start of <paramref name="start"/> (at least the header's bytes, or the whole
    /// file when it is shorter) of a file of <paramref name="fileLength"/> bytes.</summary>
    /// <exception cref="WhisperFormatException">The header is cut short, inconsistent or describes archives the file
    /// does not hold.</exception>
    public static WhisperHeader Parse(ReadOnlySpan<byte> start, long fileLength)
    {
        if (fileLength == 0)
        {
            throw new WhisperFormatException("empty file");
        }

        if (start.Length < WhisperHeader.MetadataSize || fileLength < WhisperHeader.MetadataSize)
        {
            throw new WhisperFormatException($"truncated: {fileLength} bytes, shorter than whisper's 16-byte metadata");
        }

        var aggregationType = BinaryPrimitives.ReadUInt32BigEndian(start);
        var maxRetention = BinaryPrimitives.ReadUInt32BigEndian(start[4..]);
        var xFilesFactor = BinaryPrimitives.ReadSingleBigEndian(start[8..]);
        var archiveCount = BinaryPrimitives.ReadUInt32BigEndian(start[12..]);
        if (aggregationType is 0 or > 8)
        {
            throw new WhisperFormatException($"unknown aggregation type {aggregationType} (whisper knows 1 to 8)");
        }

        if (!(xFilesFactor >= 0 && xFilesFactor <= 1))
        {
            throw new WhisperFormatException($"xFilesFactor {xFilesFactor} outside 0..1");
        }

        if (archiveCount is 0 or > WhisperHeader.MaxArchives)
        {
            throw new WhisperFormatException($"{archiveCount} archives (a whisper file has 1 to {WhisperHeader.MaxArchives})");
        }

        var headerSize = WhisperHeader.MetadataSize + (WhisperHeader.ArchiveInfoSize * (int)archiveCount);
        if (start.Length < headerSize || fileLength < headerSize)
        {
            throw new WhisperFormatException($"truncated: the header of {archiveCount} archives needs {headerSize} bytes, the file has {fileLength}");
        }

        var archives = new WhisperArchiveInfo[archiveCount];
        long expectedOffset = headerSize;
        for (var i = 0; i < archives.Length; i++)
        {
            var info = start.Slice(WhisperHeader.MetadataSize + (i * WhisperHeader.ArchiveInfoSize), WhisperHeader.ArchiveInfoSize);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(info);
            var secondsPerPoint = BinaryPrimitives.ReadUInt32BigEndian(info[4..]);
            var points = BinaryPrimitives.ReadUInt32BigEndian(info[8..]);
            if (secondsPerPoint is 0 or > int.MaxValue || points is 0 or > int.MaxValue)
            {
                throw new WhisperFormatException($"archive {i}: {secondsPerPoint} seconds per point, {points} points");
            }

            var archive = new WhisperArchiveInfo(offset, (int)secondsPerPoint, (int)points);
            if (offset != expectedOffset)
            {
                // whisper lays archives out back to back after the header; anything else overlaps or leaves a gap.
                throw new WhisperFormatException($"archive {i} starts at byte {offset}, whisper puts it at {expectedOffset}");
            }

            if (offset + archive.Size > fileLength)
            {
                throw new WhisperFormatException($"truncated: archive {i} ends at byte {offset + archive.Size}, the file has {fileLength}");
            }

            expectedOffset += archive.Size;
            archives[i] = archive;
        }

        CheckArchiveRules(archives);
        var covered = archives[^1].Retention;
        if (maxRetention != covered)
        {
            throw new WhisperFormatException($"the header says {maxRetention} s of retention, its archives cover {covered} s");
        }

        return new WhisperHeader((int)aggregationType, maxRetention, xFilesFactor, archives);
    }

    /// <summary>whisper.validateArchiveList: finer archives first, each step dividing the next, each covering more
    /// time than the finer one, each with enough points to consolidate into the next.</summary>
    private static void CheckArchiveRules(WhisperArchiveInfo[] archives)
    {
        for (var i = 0; i + 1 < archives.Length; i++)
        {
            var (fine, coarse) = (archives[i], archives[i + 1]);
            if (fine.SecondsPerPoint >= coarse.SecondsPerPoint || coarse.SecondsPerPoint % fine.SecondsPerPoint != 0)
            {
                throw new WhisperFormatException($"archive {i + 1}'s step {coarse.SecondsPerPoint} s is not a larger multiple of archive {i}'s {fine.SecondsPerPoint} s");
            }

            if (coarse.Retention <= fine.Retention)
            {
                throw new WhisperFormatException($"archive {i + 1} covers {coarse.Retention} s, not more than archive {i}'s {fine.Retention} s");
            }

            if (fine.Points < coarse.SecondsPerPoint / fine.SecondsPerPoint)
            {
                throw new WhisperFormatException($"archive {i} has {fine.Points} points, fewer than one step of archive {i + 1}");
            }
        }
    }
}
