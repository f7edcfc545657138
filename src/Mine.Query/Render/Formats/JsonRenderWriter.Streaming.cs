using Mine.Compat.Python;
using Mine.Core.Buffers;
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

        var slices = new SliceFormatter(seriesList, Math.Min(Environment.ProcessorCount * 4, seriesList.Count), options.NoNullPoints, options.Workers);
        slices.Start();
        var taken = 0; // slices the loop below has taken (and so disposes)
        try
        {
            await send(Head(options)).ConfigureAwait(false);
            var first = true;
            while (taken < slices.Count)
            {
                using var buffer = await slices.Formatted(taken).ConfigureAwait(false);
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
            await slices.Finished.ConfigureAwait(false);
            for (var i = taken; i < slices.Count; i++)
            {
                if (slices.Formatted(i).IsCompletedSuccessfully)
                {
                    slices.Formatted(i).Result.Dispose();
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

    /// <summary>
    /// Formats the slices on one worker per core, in order. A worker formats one slice, then queues itself again
    /// at the back of the thread pool's queue instead of looping: the socket sends Kestrel queues meanwhile run
    /// between slices, so the finished slices leave while the next ones are made rather than after all of them.
    /// </summary>
    /// <remarks>With <see cref="IBackgroundWork"/> workers, slices are formatted there and published through it instead.</remarks>
    private sealed class SliceFormatter(IReadOnlyList<TimeSeries> seriesList, int count, bool noNullPoints, IBackgroundWork? workers) : IThreadPoolWorkItem
    {
        // Without workers a finished slice resumes its awaiter on the worker's thread; with them, on the thread pool
        // (queued by the host's publisher), never on the workers' own threads.
        private readonly TaskCompletionSource<ChunkedBufferWriter>[] _formatted = [.. Enumerable.Range(0, count).Select(_ => new TaskCompletionSource<ChunkedBufferWriter>(
            workers is null ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously))];
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _next = -1;
        private int _workers;

        public int Count => count;

        /// <summary>Completes when every worker has stopped (all slices are made or failed).</summary>
        public Task Finished => _finished.Task;

        /// <summary>Slice i's bytes; a finished slice resumes its awaiter on the worker's thread.</summary>
        public Task<ChunkedBufferWriter> Formatted(int slice) => _formatted[slice].Task;

        public void Start()
        {
            _workers = Math.Min(Environment.ProcessorCount, count);
            if (_workers == 0)
            {
                _finished.SetResult();
                return;
            }

            for (var w = 0; w < _workers; w++)
            {
                Requeue();
            }
        }

        public void Execute()
        {
            var slice = Interlocked.Increment(ref _next);
            if (slice >= count)
            {
                if (Interlocked.Decrement(ref _workers) == 0)
                {
                    Publish(() => _finished.SetResult());
                }

                return;
            }

            try
            {
                var formatted = FormatSlice(seriesList, slice, count, noNullPoints);
                Publish(() => _formatted[slice].SetResult(formatted));
            }
            catch (Exception e)
            {
                Publish(() => _formatted[slice].SetException(e));
            }

            Requeue();
        }

        private void Requeue()
        {
            if (workers is null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            else
            {
                workers.Queue(Execute);
            }
        }

        private void Publish(Action publish)
        {
            if (workers is null)
            {
                publish();
            }
            else
            {
                workers.Complete(publish);
            }
        }
    }
}
