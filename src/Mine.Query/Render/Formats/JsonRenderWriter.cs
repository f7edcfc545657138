using System.Buffers;
using Mine.Compat.Python;
using Mine.Core.Buffers;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// format=json exactly as graphite-web 1.1.8's render/views.py <c>renderViewJson</c> writes it:
/// <c>[{"target": name, "tags": {...}, "datapoints": [[value, timestamp], ...]}, ...]</c> from
/// <c>json.dumps</c> (", " and ": " separators, ASCII-only strings, floats as Python repr), then
/// <c>.replace('NaN,', 'null,').replace('Infinity,', '1e9999,')</c> over the whole text, so None/NaN values are
/// null, ±Infinity values are ±1e9999, and the same character sequences inside names and tags are rewritten too.
/// </summary>
public static partial class JsonRenderWriter
{
    /// <summary>
    /// Writes the response body. With <see cref="JsonRenderOptions.MaxDataPoints"/> the series are consolidated
    /// in place first (<see cref="MaxDataPointsConsolidation"/>), as graphite-web does.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList, JsonRenderOptions options)
    {
        if (options.Jsonp is not null)
        {
            output.WriteUtf8(options.Jsonp);
            output.WriteByte((byte)'(');
        }

        var json = new PythonJsonWriter(output, ensureAscii: true, indent: options.Pretty ? 2 : 0, rewriteNanAndInfinityInStrings: true);
        json.StartArray();

        // renderViewJson only looks at the series inside "if any(data)": all-empty input gives [].
        if (MaxDataPointsConsolidation.AnyValues(seriesList))
        {
            if (options.MaxDataPoints is { } maxDataPoints)
            {
                MaxDataPointsConsolidation.Apply(seriesList, maxDataPoints);
            }

            if (options.Pretty || !WorthSplitting(seriesList))
            {
                foreach (var series in seriesList)
                {
                    WriteSeries(json, series, options.NoNullPoints);
                }
            }
            else
            {
                WriteInParallel(output, seriesList, options.NoNullPoints);
            }
        }

        json.EndArray();
        if (options.Jsonp is not null)
        {
            output.WriteByte((byte)')');
        }
    }

    /// <summary>
    /// Wide answers (hundreds of series, hundreds of thousands of points) are formatted on every core: each
    /// contiguous slice of the list is written by its own writer, then the slices are joined in order with the
    /// separator json.dumps puts between array items, so the bytes are the same as writing them one by one. A
    /// <see cref="ChunkedBufferWriter"/> output takes the slices' chunks as they are; any other output gets a copy.
    /// </summary>
    private static void WriteInParallel(IBufferWriter<byte> output, IReadOnlyList<TimeSeries> seriesList, bool noNullPoints)
    {
        var slices = Math.Min(Environment.ProcessorCount * 4, seriesList.Count);
        var written = new ChunkedBufferWriter[slices];
        try
        {
            // On the caller's scheduler (the render threads, see RenderScheduler); ParallelOptions defaults to the thread pool.
            Parallel.For(0, slices, new ParallelOptions { TaskScheduler = TaskScheduler.Current }, slice => written[slice] = FormatSlice(seriesList, slice, slices, noNullPoints));

            var first = true;
            foreach (var buffer in written)
            {
                // Each slice starts with its own "[", which is dropped; an empty slice (all series skipped) adds nothing.
                if (buffer.WrittenCount <= 1)
                {
                    continue;
                }

                if (!first)
                {
                    output.WriteBytes(", "u8);
                }

                if (output is ChunkedBufferWriter chunked)
                {
                    chunked.Append(buffer, skip: 1);
                }
                else
                {
                    var skip = 1;
                    foreach (var chunk in buffer.Chunks)
                    {
                        output.WriteBytes(chunk.Span[skip..]);
                        skip = 0;
                    }
                }

                first = false;
            }
        }
        finally
        {
            foreach (var buffer in written)
            {
                buffer?.Dispose();
            }
        }
    }

    /// <summary>
    /// The contiguous slice <paramref name="slice"/> of <paramref name="slices"/> of the list as a JSON array of its
    /// series: the array's own "[" first (the joiner drops it), no closing "]".
    /// </summary>
    private static ChunkedBufferWriter FormatSlice(IReadOnlyList<TimeSeries> seriesList, int slice, int slices, bool noNullPoints)
    {
        var buffer = new ChunkedBufferWriter();
        try
        {
            var json = new PythonJsonWriter(buffer, ensureAscii: true, indent: 0, rewriteNanAndInfinityInStrings: true);
            json.StartArray();
            for (var i = seriesList.Count * slice / slices; i < seriesList.Count * (slice + 1) / slices; i++)
            {
                WriteSeries(json, seriesList[i], noNullPoints);
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static bool WorthSplitting(IReadOnlyList<TimeSeries> seriesList)
    {
        if (Environment.ProcessorCount < 2 || seriesList.Count < 16)
        {
            return false;
        }

        long points = 0;
        foreach (var series in seriesList)
        {
            points += series.Values.Length;
        }

        return points >= 20_000;
    }

    /// <summary>The Content-Type graphite-web sends for these options.</summary>
    public static string ContentType(JsonRenderOptions options)
        => options.Jsonp is null ? RenderContentTypes.Json : RenderContentTypes.Jsonp;

    private static void WriteSeries(PythonJsonWriter json, TimeSeries series, bool noNullPoints)
    {
        var points = series.GetPoints();
        var count = DatapointCount(series, points.Length);
        if (noNullPoints && !HasNonNull(points.AsSpan(0, count)))
        {
            // noNullPoints drops a series whose points are all null.
            return;
        }

        json.StartObject();
        json.WritePropertyName("target");
        json.WriteString(series.Name);
        json.WritePropertyName("tags");
        json.StartObject();
        foreach (var (tag, value) in series.Tags)
        {
            json.WritePropertyName(tag);
            json.WriteString(value);
        }

        json.EndObject();
        json.WritePropertyName("datapoints");
        json.StartArray();
        json.WriteRenderDatapoints(points.AsSpan(0, count), series.Start, series.Step * series.ValuesPerPoint, noNullPoints);

        json.EndArray();
        json.EndObject();
    }

    /// <summary>
    /// TimeSeries.datapoints() zips the points with <c>range(start, end + 1, step * valuesPerPoint)</c>, so the
    /// shorter of the two wins (graphite-web raises on a zero stride; this writes no points).
    /// </summary>
    private static int DatapointCount(TimeSeries series, int pointCount)
    {
        var stride = series.Step * series.ValuesPerPoint;
        if (stride <= 0)
        {
            return 0;
        }

        var span = series.End + 1 - series.Start;
        var timestamps = span <= 0 ? 0 : ((span - 1) / stride) + 1;
        return (int)Math.Min(pointCount, timestamps);
    }

    private static bool HasNonNull(ReadOnlySpan<double> points)
    {
        foreach (var value in points)
        {
            if (!double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }
}
