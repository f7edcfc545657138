using Mine.Core.Hashing;
using System.Buffers.Binary;
using System.Globalization;

namespace Mine.Storage.Wal;

/// <summary>
/// Byte layout of WAL format version 1 (docs/storage-format.md, "Write-ahead log").
/// Segment: [segment header][record]...; segment header: "MWAL" u16 version u16 reserved u32 CRC-32C of bytes 0-7.
/// Record: [u32 payload length][u32 CRC-32C of type + payload][u8 type][payload], little-endian.
/// </summary>
internal static class WalFormat
{
    public const ushort Version = 1;
    public const int SegmentHeaderSize = 12;
    public const int RecordHeaderSize = 9;

    /// <summary>
    /// Largest payload a record may carry. The writer refuses bigger ones, so the reader can call any larger length
    /// field damage instead of trying to read gigabytes.
    /// </summary>
    public const int MaxRecordPayload = 256 * 1024 * 1024;

    public const string SegmentExtension = ".wal";

    private const uint Magic = 0x4C41574D; // "MWAL" read as a little-endian u32

    public static string SegmentFileName(long segment) => segment.ToString("D8", CultureInfo.InvariantCulture) + SegmentExtension;

    public static string SegmentPath(string directory, long segment) => Path.Combine(directory, SegmentFileName(segment));

    /// <summary>Segment files of <paramref name="directory"/> in ascending order; other files are ignored.</summary>
    public static List<long> ListSegments(string directory)
    {
        var segments = new List<long>();
        if (!Directory.Exists(directory))
        {
            return segments;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
        {
            var name = Path.GetFileNameWithoutExtension(path.AsSpan());
            if (name.Length >= 8 && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
            {
                segments.Add(segment);
            }
        }

        segments.Sort();
        return segments;
    }

    public static void WriteSegmentHeader(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Crc32C.Compute(destination[..8]));
    }

    /// <summary>
    /// Null when the header is valid. A header that is damaged (bad magic or checksum) is reported as a problem to
    /// repair; an intact header of another version is not damage, so it throws rather than letting repair erase a
    /// newer Mine's data.
    /// </summary>
    public static string? CheckSegmentHeader(ReadOnlySpan<byte> header, string path)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
        {
            return "bad segment magic";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != Crc32C.Compute(header[..8]))
        {
            return "segment header checksum mismatch";
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != Version)
        {
            throw new NotSupportedException(
                $"WAL segment {path} has format version {version}; this Mine reads version {Version}. Use a newer Mine.");
        }

        return null;
    }

    public static int RecordSize(int payloadLength) => RecordHeaderSize + payloadLength;

    /// <summary>Writes one framed record; <paramref name="destination"/> must hold <see cref="RecordSize"/> bytes.</summary>
    public static void WriteRecord(Span<byte> destination, byte recordType, ReadOnlySpan<byte> payload)
    {
        destination[8] = recordType;
        payload.CopyTo(destination[RecordHeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Checksum(destination.Slice(8, 1 + payload.Length)));
    }

    /// <summary>CRC-32C over the type byte and the payload, which are contiguous in a framed record.</summary>
    public static uint Checksum(ReadOnlySpan<byte> typeAndPayload) => Crc32C.Compute(typeAndPayload);

    public static void ValidateRecord(byte recordType, int payloadLength)
    {
        if (recordType == 0)
        {
            // Type 0 is what a zero-filled (preallocated) tail looks like, so no real record may use it.
            throw new ArgumentOutOfRangeException(nameof(recordType), "WAL record type 0 is reserved.");
        }

        if (payloadLength > MaxRecordPayload)
        {
            throw new ArgumentOutOfRangeException(
                nameof(payloadLength), payloadLength, $"A WAL record payload may not exceed {MaxRecordPayload} bytes.");
        }
    }
}
