using System.Buffers;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=dygraph as graphite-web's <c>renderViewDygraph</c>: <c>{"labels" : ["Time", names...], "data" :
/// [[ts000, v1, v2...], ...]}</c> with one row per step of the first series, null for None, Infinity and
/// -Infinity spelled out, <c>{}</c> when there is no series.
/// </summary>
public static class DygraphRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList, string? jsonp)
    {
        if (jsonp is not null)
        {
            output.WriteUtf8(jsonp);
            output.WriteByte((byte)'(');
        }

        if (seriesList.Count == 0)
        {
            output.WriteBytes("{}"u8);
        }
        else
        {
            var first = seriesList[0];
            var rows = first.Step > 0 ? (int)Math.Max(0, (first.End - first.Start + first.Step - 1) / first.Step) : 0;
            var points = seriesList.Select(s => s.GetPoints()).ToList();
            output.WriteBytes("{\"labels\" : "u8);
            var labels = new PythonJsonWriter(output);
            labels.StartArray();
            labels.WriteString("Time");
            foreach (var series in seriesList)
            {
                labels.WriteString(series.Name);
            }

            labels.EndArray();
            output.WriteBytes(", \"data\" : ["u8);
            for (var row = 0; row < rows; row++)
            {
                if (row > 0)
                {
                    output.WriteBytes(", "u8);
                }

                output.WriteByte((byte)'[');
                output.WriteInt64(first.Start + (row * first.Step));
                output.WriteBytes("000"u8);
                foreach (var values in points)
                {
                    output.WriteBytes(", "u8);
                    WritePoint(output, row < values.Length ? values[row] : double.NaN);
                }

                output.WriteByte((byte)']');
            }

            output.WriteBytes("]}"u8);
        }

        if (jsonp is not null)
        {
            output.WriteByte((byte)')');
        }
    }

    private static void WritePoint(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            output.WriteBytes("null"u8);
        }
        else if (double.IsInfinity(value))
        {
            output.WriteBytes(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
        else
        {
            output.WritePythonFloat(value);
        }
    }
}
