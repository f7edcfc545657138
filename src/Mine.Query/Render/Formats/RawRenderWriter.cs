using System.Buffers;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=raw as graphite-web's render/views.py <c>renderViewRaw</c>: one line per series,
/// <c>"%s,%d,%d,%d|" % (name, start, end, step)</c> then <c>','.join(map(repr, series))</c> and "\n"; nulls are
/// "None", infinities "inf"/"-inf", floats Python repr. The name is written as is (commas included).
/// </summary>
public static class RawRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList)
    {
        foreach (var series in seriesList)
        {
            output.WriteUtf8(series.Name);
            output.WriteByte((byte)',');
            output.WriteInt64(series.Start);
            output.WriteByte((byte)',');
            output.WriteInt64(series.End);
            output.WriteByte((byte)',');
            output.WriteInt64(series.Step);
            output.WriteByte((byte)'|');
            var points = series.GetPoints();
            for (var i = 0; i < points.Length; i++)
            {
                if (i > 0)
                {
                    output.WriteByte((byte)',');
                }

                if (double.IsNaN(points[i]))
                {
                    output.WriteBytes("None"u8);
                }
                else
                {
                    output.WritePythonFloat(points[i]);
                }
            }

            output.WriteByte((byte)'\n');
        }
    }
}
