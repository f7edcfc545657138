using System.Buffers.Binary;
using System.Text;
using Mine.Core.Ports;

namespace Mine.Whisper.Transfer;

/// <summary>Encodes an <see cref="ImportBatch"/> (docs/whisper-import.md, "The import batch format").</summary>
public static class ImportBatchWriter
{
    public static byte[] Write(ImportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stream = new MemoryStream();
        Span<byte> scratch = stackalloc byte[12];
        stream.Write(ImportBatch.Magic);
        stream.WriteByte(ImportBatch.Version);
        stream.WriteByte(batch.OnConflict == ConflictPolicy.Overwrite ? (byte)1 : (byte)0);
        stream.Write([0, 0]);
        WriteUInt32(stream, scratch, (uint)batch.Series.Count);
        foreach (var series in batch.Series)
        {
            var name = Encoding.UTF8.GetBytes(series.Name);
            BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)name.Length);
            stream.Write(scratch[..2]);
            stream.Write(name);
            stream.WriteByte((byte)series.Layout.AggregationMethod);
            BinaryPrimitives.WriteDoubleLittleEndian(scratch, series.Layout.XFilesFactor);
            stream.Write(scratch[..8]);
            stream.WriteByte((byte)series.Layout.Archives.Count);
            for (var a = 0; a < series.Layout.Archives.Count; a++)
            {
                var archive = series.Layout.Archives[a];
                var points = a < series.Archives.Count ? series.Archives[a] : default;
                WriteUInt32(stream, scratch, (uint)archive.StepSeconds);
                WriteUInt32(stream, scratch, (uint)archive.Points);
                WriteUInt32(stream, scratch, (uint)points.Times.Length);
                foreach (var time in points.Times.Span)
                {
                    WriteUInt32(stream, scratch, (uint)time);
                }

                foreach (var value in points.Values.Span)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(scratch, value);
                    stream.Write(scratch[..8]);
                }
            }
        }

        return stream.ToArray();
    }

    private static void WriteUInt32(Stream stream, Span<byte> scratch, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, value);
        stream.Write(scratch[..4]);
    }
}
