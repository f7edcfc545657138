using System.Buffers;
using System.Globalization;
using Mine.Core.Series;

namespace Mine.Protocols.Graphite;

/// <summary>
/// Writes points as Graphite plaintext lines, <c>name value timestamp\n</c>: the value in the shortest form that reads
/// back to the same double (Python's <c>float()</c> reads every one, <c>NaN</c> and <c>Infinity</c> included), the
/// timestamp in whole seconds.
/// </summary>
public static class PlaintextLineWriter
{
    public static void WriteLines(IBufferWriter<byte> output, PointBatch batch, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = start; i < batch.Count; i++)
        {
            WriteLine(output, batch.Name(i), batch.Value(i), batch.Timestamp(i));
        }
    }

    public static void WriteLine(IBufferWriter<byte> output, ReadOnlySpan<byte> name, double value, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(name.Length + 64);
        name.CopyTo(span);
        var at = name.Length;
        span[at++] = (byte)' ';
        value.TryFormat(span[at..], out var written, "R", CultureInfo.InvariantCulture);
        at += written;
        span[at++] = (byte)' ';
        timestamp.TryFormat(span[at..], out written, default, CultureInfo.InvariantCulture);
        at += written;
        span[at++] = (byte)'\n';
        output.Advance(at);
    }
}
