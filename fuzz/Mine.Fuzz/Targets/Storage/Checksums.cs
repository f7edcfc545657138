using Mine.Core.Hashing;
using System.Buffers.Binary;
using Mine.Storage;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// Makes every checksum of a mutated data-folder file valid again (docs/storage-format.md), following the file's
/// own length and offset fields as far as they stay inside it. A fuzzer flips bits that a CRC catches at once; the
/// storage targets run each input twice, as it is and through these, so the code behind the checksums (record
/// decoding, index and block validation) is fuzzed too: a file written by a buggy or newer writer has valid
/// checksums around bad content.
/// </summary>
internal static class Checksums
{
    /// <summary>WAL segment: header CRC over bytes 0-7, then each record's CRC over type + payload.</summary>
    public static byte[] FixWalSegment(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        if (bytes.Length < 12)
        {
            return bytes;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc32C.Compute(bytes.AsSpan(0, 8)));
        long at = 12;
        while (at + 9 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));
            if (length > bytes.Length - at - 9)
            {
                break;
            }

            var crc = Crc32C.Compute(bytes.AsSpan((int)at + 8, 1 + (int)length));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)at + 4), crc);
            at += 9 + length;
        }

        return bytes;
    }

    /// <summary>series.log: each record's CRC over its body.</summary>
    public static byte[] FixSeriesLog(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        long at = 0;
        while (at + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)at));
            if (length == 0 || at + 8 + length > bytes.Length)
            {
                break;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)at + 4), Crc32C.Compute(bytes.AsSpan((int)at + 8, (int)length)));
            at += 8 + length;
        }

        return bytes;
    }

    /// <summary>Part file: each block's CRC in its index entry, the index CRC, then the header CRC (bytes 0-91).</summary>
    public static byte[] FixPart(ReadOnlySpan<byte> input)
    {
        const int HeaderSize = 96, EntrySize = 40;
        var bytes = input.ToArray();
        if (bytes.Length < HeaderSize)
        {
            return bytes;
        }

        var entryCount = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(56));
        var indexOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(64));
        if (entryCount >= 0 && indexOffset >= HeaderSize && indexOffset <= bytes.Length - (long)entryCount * EntrySize)
        {
            for (var i = 0; i < entryCount; i++)
            {
                var entry = bytes.AsSpan((int)(indexOffset + (long)i * EntrySize), EntrySize);
                var length = BinaryPrimitives.ReadInt32LittleEndian(entry[20..]);
                var offset = BinaryPrimitives.ReadInt64LittleEndian(entry[24..]);
                if (length >= 0 && offset >= 0 && offset <= bytes.Length - length)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(entry[32..], Crc32C.Compute(bytes.AsSpan((int)offset, length)));
                }
            }

            var index = bytes.AsSpan((int)indexOffset, entryCount * EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(72), Crc32C.Compute(index));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(92), Crc32C.Compute(bytes.AsSpan(0, 92)));
        return bytes;
    }
}
