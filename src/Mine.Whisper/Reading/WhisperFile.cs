using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Mine.Whisper.Format;

namespace Mine.Whisper.Reading;

/// <summary>
/// A whisper file opened for reading: its checked header, and each archive's points as whisper's fetch would return
/// them (docs/whisper-import.md, "Which slots are points"). Reads go through <c>pread</c> into a pooled buffer and skip
/// the holes of sparse files.
/// </summary>
public sealed class WhisperFile : IDisposable
{
    /// <summary>Bytes read at once: a multiple of the 12-byte slot.</summary>
    private const int ChunkSize = 12 * 87_381; // ~1 MiB

    private readonly SafeFileHandle _handle;

    private WhisperFile(SafeFileHandle handle, WhisperHeader header, long length)
    {
        _handle = handle;
        Header = header;
        Length = length;
    }

    public WhisperHeader Header { get; }

    /// <summary>The file's length in bytes (apparent size).</summary>
    public long Length { get; }

    /// <exception cref="WhisperFormatException">The file is empty, cut short, or its header is inconsistent.</exception>
    public static WhisperFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var start = new byte[(int)Math.Min(length, WhisperHeaderReader.MaxHeaderSize)];
            var read = RandomAccess.Read(handle, start, 0);
            var header = WhisperHeaderReader.Parse(start.AsSpan(0, read), length);
            return new WhisperFile(handle, header, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fills <paramref name="points"/> with archive <paramref name="index"/>'s points that a whisper fetch at
    /// <paramref name="now"/> of the archive's whole reach returns: slot 0 written (else whisper returns nothing), the
    /// timestamp aligned and at its own place in the ring, and within <c>[from, until)</c> as whisper computes them.
    /// </summary>
    public void ReadArchive(int index, long now, ArchivePoints points)
    {
        points.Clear();
        var archive = Header.Archives[index];
        var step = archive.SecondsPerPoint;
        var fromTime = now - archive.Retention;
        var fromInterval = fromTime - Mod(fromTime, step) + step;
        var untilInterval = now - Mod(now, step) + step;

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            RandomAccess.Read(_handle, buffer.AsSpan(0, WhisperHeader.PointSize), archive.Offset);
            long baseInterval = BinaryPrimitives.ReadUInt32BigEndian(buffer);
            if (baseInterval == 0)
            {
                // whisper's __archive_fetch: an archive whose first slot was never written has no points at all.
                points.EmptySlots = archive.Points;
                return;
            }

            var end = archive.Offset + archive.Size;
            long slotsSeen = 0;
            var position = archive.Offset;
            while (SparseFile.NextData(_handle, position, end) is { } range)
            {
                // Holes are page-aligned, slots are 12 bytes: widen the range to whole slots.
                var first = (range.Start - archive.Offset) / WhisperHeader.PointSize;
                var last = Math.Min(archive.Points, (range.End - archive.Offset + WhisperHeader.PointSize - 1) / WhisperHeader.PointSize);
                for (var slot = first; slot < last;)
                {
                    var count = (int)Math.Min(last - slot, ChunkSize / WhisperHeader.PointSize);
                    var bytes = count * WhisperHeader.PointSize;
                    var at = archive.Offset + (slot * WhisperHeader.PointSize);
                    var got = RandomAccess.Read(_handle, buffer.AsSpan(0, bytes), at);
                    if (got < bytes)
                    {
                        throw new WhisperFormatException($"archive {index}: the file ended at byte {at + got} while reading");
                    }

                    Parse(buffer.AsSpan(0, bytes), slot, archive, baseInterval, fromInterval, untilInterval, points);
                    slot += count;
                    slotsSeen += count;
                }

                position = archive.Offset + (last * WhisperHeader.PointSize);
            }

            points.EmptySlots += archive.Points - slotsSeen;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void Parse(ReadOnlySpan<byte> slots, long firstSlot, WhisperArchiveInfo archive, long baseInterval, long fromInterval, long untilInterval, ArchivePoints points)
    {
        var step = archive.SecondsPerPoint;
        for (var i = 0; i < slots.Length; i += WhisperHeader.PointSize)
        {
            long time = BinaryPrimitives.ReadUInt32BigEndian(slots[i..]);
            if (time == 0)
            {
                points.EmptySlots++;
                continue;
            }

            // whisper's fetch compares each slot with fromInterval + k·step, a multiple of the step: a time that is not
            // one is never returned, even when slot 0's is not one either (found by the whisper fuzz target).
            var slot = firstSlot + (i / WhisperHeader.PointSize);
            if (Mod(time, step) != 0 || Mod(FloorDiv(time - baseInterval, step), archive.Points) != slot)
            {
                points.MisplacedSlots++;
                continue;
            }

            if (time < fromInterval || time >= untilInterval)
            {
                points.StaleSlots++;
                continue;
            }

            points.Add(time, BinaryPrimitives.ReadDoubleBigEndian(slots[(i + 4)..]));
        }
    }

    /// <summary>Python's <c>%</c>: the sign of the divisor.</summary>
    private static long Mod(long a, long b) => ((a % b) + b) % b;

    /// <summary>Python's <c>//</c>: rounds towards negative infinity.</summary>
    private static long FloorDiv(long a, long b) => (a - Mod(a, b)) / b;
}
