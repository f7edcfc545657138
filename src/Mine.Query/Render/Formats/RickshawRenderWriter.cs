using System.Buffers;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=rickshaw as graphite-web's <c>renderViewRickshaw</c>: <c>[{"target": name, "datapoints": [{"x": ts,
/// "y": value}, ...]}]</c> from json.dumps, so None is null and NaN/Infinity are written as Python does.
/// </summary>
public static class RickshawRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList, string? jsonp)
    {
        if (jsonp is not null)
        {
            output.WriteUtf8(jsonp);
            output.WriteByte((byte)'(');
        }

        var json = new PythonJsonWriter(output);
        json.StartArray();
        foreach (var series in seriesList)
        {
            json.StartObject();
            json.WritePropertyName("target");
            json.WriteString(series.Name);
            json.WritePropertyName("datapoints");
            json.StartArray();
            var points = series.GetPoints();

            // zip(range(start, end, step), series): as many points as both have.
            var timestamps = series.Step > 0 ? Math.Max(0, (series.End - series.Start + series.Step - 1) / series.Step) : 0;
            var count = (int)Math.Min(timestamps, points.Length);
            for (var i = 0; i < count; i++)
            {
                json.StartObject();
                json.WritePropertyName("x");
                json.WriteInt64(series.Start + (i * series.Step));
                json.WritePropertyName("y");
                if (double.IsNaN(points[i]))
                {
                    json.WriteNull();
                }
                else
                {
                    json.WriteFloat(points[i]);
                }

                json.EndObject();
            }

            json.EndArray();
            json.EndObject();
        }

        json.EndArray();
        if (jsonp is not null)
        {
            output.WriteByte((byte)')');
        }
    }
}
