using Mine.Core.Buffers;
using Mine.Query.Python;
using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>Wide answers sent while they are being formatted.</summary>
public static partial class JsonRenderWriter
{
    private static readonly byte[] Separator = ", "u8.ToArray();
    private static readonly byte[] End = "]"u8.ToArray();
    private static readonly byte[] JsonpEnd = "])"u8.ToArray();

    /// <summary>
    /// Whether <see cref="WriteStreamingAsync"/> pays for this answer: compact output wide enough to be formatted
    /// in parallel slices. Anything else is cheaper written whole with <see cref="Write"/>.
    /// </summary>
    public static bool WorthStreaming(IReadOnlyList<TimeSeries> seriesList, JsonRenderOptions options)
        => !options.Pretty && WorthSplitting(seriesList) && MaxDataPointsConsolidation.AnyValues(seriesList);

    /// <summary>
    /// The same bytes as <see cref="Write"/>, handed to <paramref name="send"/> piece by piece in order while later
    /// slices are still being formatted on the other cores: the first megabytes are on their way to the client
    /// before the last are made, instead of the whole body being made first. <paramref name="send"/> is called
    /// from one caller at a time; a piece is only valid during its call.
    /// </summary>
    public static async Task WriteStreamingAsync(Func<ReadOnlyMemory<byte>, ValueTask> send, IReadOnlyList<TimeSeries> seriesList, JsonRenderOptions options)
    {
        if (options.MaxDataPoints is { } maxDataPoints)
        {
            MaxDataPointsConsolidation.Apply(seriesList, maxDataPoints);
        }

        var slices = Math.Min(Environment.ProcessorCount * 4, seriesList.Count);
        var formatted = new TaskCompletionSource<ChunkedBufferWriter>[slices];
        for (var i = 0; i < slices; i++)
        {
            formatted[i] = new TaskCompletionSource<ChunkedBufferWriter>();
        }

        // Workers take slices in order, so slice i is usually ready when the sender wants it. A finished slice
        // resumes the sender on the worker's thread until it waits for a slice not yet made (or for the socket).
        var next = -1;
        var workers = new Task[Math.Min(Environment.ProcessorCount, slices)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(() =>
            {
                int slice;
                while ((slice = Interlocked.Increment(ref next)) < slices)
                {
                    try
                    {
                        formatted[slice].SetResult(FormatSlice(seriesList, slice, slices, options.NoNullPoints));
                    }
                    catch (Exception e)
                    {
                        formatted[slice].SetException(e);
                    }
                }
            });
        }

        var taken = 0; // slices the loop below has taken (and so disposes)
        try
        {
            await send(Head(options)).ConfigureAwait(false);
            var first = true;
            while (taken < slices)
            {
                using var buffer = await formatted[taken].Task.ConfigureAwait(false);
                taken++;
                if (buffer.WrittenCount <= 1)
                {
                    continue; // every series of the slice was left out (noNullPoints)
                }

                if (!first)
                {
                    await send(Separator).ConfigureAwait(false);
                }

                var skip = 1; // the slice's own "["
                foreach (var chunk in buffer.Chunks)
                {
                    await send(chunk[skip..]).ConfigureAwait(false);
                    skip = 0;
                }

                first = false;
            }

            await send(options.Jsonp is null ? End : JsonpEnd).ConfigureAwait(false);
        }
        finally
        {
            // On a failed send (the client went away) the workers still finish; their buffers go back to the pool.
            await Task.WhenAll(workers).ConfigureAwait(false);
            for (var i = taken; i < slices; i++)
            {
                if (formatted[i].Task.IsCompletedSuccessfully)
                {
                    formatted[i].Task.Result.Dispose();
                }
            }
        }
    }

    private static byte[] Head(JsonRenderOptions options)
    {
        var head = new System.Buffers.ArrayBufferWriter<byte>();
        if (options.Jsonp is not null)
        {
            head.WriteUtf8(options.Jsonp);
            head.WriteByte((byte)'(');
        }

        head.WriteByte((byte)'[');
        return head.WrittenSpan.ToArray();
    }

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
}
