using System.Buffers;
using System.Text;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=csv as graphite-web's render/views.py <c>renderViewCsv</c>: Python's csv writer (excel dialect:
/// "\r\n" line ends, a field is quoted only when it holds ',', '"', '\r' or '\n', quotes doubled) writing
/// <c>(name, time, value)</c> for every point, series after series. The time is
/// <c>datetime.fromtimestamp(start + i * step, tz).strftime("%Y-%m-%d %H:%M:%S")</c> in the request's zone
/// (so a clock going back repeats hours); the value is str(float), empty for None.
/// </summary>
public static class CsvRenderWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList, TimeZoneInfo timeZone)
    {
        foreach (var series in seriesList)
        {
            var points = series.GetPoints();
            var nameField = EncodeField(series.Name);
            for (var i = 0; i < points.Length; i++)
            {
                output.WriteBytes(nameField);
                WriteTimestamp(output, series.Start + (i * series.Step), timeZone);
                output.WriteByte((byte)',');
                if (!double.IsNaN(points[i]))
                {
                    output.WritePythonFloat(points[i]);
                }

                output.WriteBytes("\r\n"u8);
            }
        }
    }

    /// <summary>The name column plus its delimiter, encoded once per series.</summary>
    private static byte[] EncodeField(string field)
    {
        var text = field.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? field + ","
            : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",";
        return Encoding.UTF8.GetBytes(text);
    }

    private static void WriteTimestamp(IBufferWriter<byte> output, long epochSeconds, TimeZoneInfo timeZone)
    {
        var utc = DateTime.UnixEpoch.AddSeconds(epochSeconds);
        var local = timeZone == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, timeZone);
        var destination = output.GetSpan(19);

        // glibc's %Y does not pad years before 1000; they cannot come from real data, so four digits suffice.
        WriteDigits(destination[..4], local.Year);
        destination[4] = (byte)'-';
        WriteDigits(destination.Slice(5, 2), local.Month);
        destination[7] = (byte)'-';
        WriteDigits(destination.Slice(8, 2), local.Day);
        destination[10] = (byte)' ';
        WriteDigits(destination.Slice(11, 2), local.Hour);
        destination[13] = (byte)':';
        WriteDigits(destination.Slice(14, 2), local.Minute);
        destination[16] = (byte)':';
        WriteDigits(destination.Slice(17, 2), local.Second);
        output.Advance(19);
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
