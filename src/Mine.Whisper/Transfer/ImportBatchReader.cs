using System.Buffers.Binary;
using System.Text;
using Mine.Core.Ports;

namespace Mine.Whisper.Transfer;

/// <summary>
/// Decodes an <see cref="ImportBatch"/> from untrusted bytes, checking every field before it is used: a count is
/// compared with the bytes left before anything is allocated for it, and the batch must end exactly at its last series.
/// </summary>
public static class ImportBatchReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="ImportBatchFormatException">The bytes are not a valid batch; the message says which field and why.</exception>
    public static ImportBatch Read(ReadOnlySpan<byte> body)
    {
        var reader = new Cursor(body);
        if (body.Length < 12 || !body[..4].SequenceEqual(ImportBatch.Magic))
        {
            throw new ImportBatchFormatException("Not an import batch: it must start with \"MWIB\" and a 12-byte header.");
        }

        reader.Skip(4);
        var version = reader.Byte("version");
        if (version != ImportBatch.Version)
        {
            throw new ImportBatchFormatException($"Import batch version {version} is not supported; this Mine reads version {ImportBatch.Version}.");
        }

        var policy = reader.Byte("conflict policy") switch
        {
            0 => ConflictPolicy.Keep,
            1 => ConflictPolicy.Overwrite,
            var other => throw new ImportBatchFormatException($"Conflict policy {other} at byte 5 is neither 0 (keep) nor 1 (overwrite)."),
        };
        if (reader.UInt16("reserved") != 0)
        {
            throw new ImportBatchFormatException("Reserved bytes 6-7 must be 0.");
        }

        var count = reader.UInt32("series count");
        if (count is 0 or > ImportBatch.MaxSeries)
        {
            throw new ImportBatchFormatException($"Series count {count} is outside 1..{ImportBatch.MaxSeries}.");
        }

        var series = new List<ImportSeries>((int)Math.Min(count, 1024));
        for (var s = 0; s < count; s++)
        {
            series.Add(ReadSeries(ref reader, s));
        }

        if (reader.Remaining > 0)
        {
            throw new ImportBatchFormatException($"{reader.Remaining} bytes after the last series (at byte {reader.Position}).");
        }

        return new ImportBatch(policy, series);
    }

    private static ImportSeries ReadSeries(ref Cursor reader, int index)
    {
        var at = reader.Position;
        var nameLength = reader.UInt16($"series {index}'s name length");
        if (nameLength is 0 or > ImportBatch.MaxNameBytes)
        {
            throw new ImportBatchFormatException($"Series {index} (byte {at}): name length {nameLength} is outside 1..{ImportBatch.MaxNameBytes}.");
        }

        string name;
        try
        {
            name = StrictUtf8.GetString(reader.Bytes(nameLength, $"series {index}'s name"));
        }
        catch (DecoderFallbackException)
        {
            throw new ImportBatchFormatException($"Series {index} (byte {at}): the name is not valid UTF-8.");
        }

        var method = reader.Byte($"series {index}'s aggregation method");
        var xff = reader.Double($"series {index}'s xFilesFactor");
        var archiveCount = reader.Byte($"series {index}'s archive count");
        if (archiveCount is 0 or > HistoryLayout.MaxArchives)
        {
            throw new ImportBatchFormatException($"Series '{name}': archive count {archiveCount} is outside 1..{HistoryLayout.MaxArchives}.");
        }

        var archives = new HistoryArchive[archiveCount];
        var points = new HistoryPoints[archiveCount];
        for (var a = 0; a < archiveCount; a++)
        {
            var step = reader.UInt32($"series '{name}' archive {a}'s step");
            var slots = reader.UInt32($"series '{name}' archive {a}'s slot count");
            var pointCount = reader.UInt32($"series '{name}' archive {a}'s point count");
            if (step is 0 or > int.MaxValue || slots is 0 or > int.MaxValue)
            {
                throw new ImportBatchFormatException($"Series '{name}' archive {a}: step {step} s and {slots} slots must both be within 1..{int.MaxValue}.");
            }

            if (pointCount > slots || pointCount > (ulong)reader.Remaining / 12)
            {
                throw new ImportBatchFormatException($"Series '{name}' archive {a}: {pointCount} points do not fit its {slots} slots or the {reader.Remaining} bytes left.");
            }

            archives[a] = new HistoryArchive((int)step, (int)slots);
            var times = new long[pointCount];
            var values = new double[pointCount];
            for (var i = 0; i < times.Length; i++)
            {
                times[i] = reader.UInt32("a time");
            }

            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.Double("a value");
            }

            points[a] = new HistoryPoints(times, values);
        }

        var layout = new HistoryLayout(archives, method, xff);
        if (layout.Problem() is { } problem)
        {
            throw new ImportBatchFormatException($"Series '{name}': {problem}.");
        }

        return new ImportSeries(name, layout, points);
    }

    /// <summary>A position in the body; every read checks the bytes are there.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;

        public int Position { get; private set; }

        public readonly int Remaining => _body.Length - Position;

        public void Skip(int count) => Bytes(count, "header");

        public ReadOnlySpan<byte> Bytes(int count, string field)
        {
            if (count > Remaining)
            {
                throw new ImportBatchFormatException($"The batch ends at byte {_body.Length}, inside {field} (needs {count} bytes at {Position}).");
            }

            var bytes = _body.Slice(Position, count);
            Position += count;
            return bytes;
        }

        public byte Byte(string field) => Bytes(1, field)[0];

        public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, field));

        public uint UInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, field));

        public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8, field));
    }
}
