using System.Diagnostics;
using Mine.Core.Buffers;
using Mine.Core.Series;
using Mine.Query.Evaluation;
using Mine.Query.Render.Formats;
using Mine.Storage.Engine;

namespace Mine.Benchmarks.EndToEnd;

/// <summary>
/// Splits a render into stages on a real data folder, without HTTP: glob, storage reads (in parallel as the
/// server does for wide reads), evaluation over the fetched series, JSON. Medians of N runs after warm-up, with
/// the bytes allocated per stage. Opening the engine replays its WAL, so point it at a copy of the data.
/// <c>dotnet run -c Release --project bench/Mine.Benchmarks -- render DATA FROM UNTIL [N] [TARGET]</c>
/// </summary>
internal static class InProcessRender
{
    public static void Run(string dataDirectory, long from, long until, int runs, string target)
    {
        using var engine = StorageEngine.Open(new StorageOptions { DataDirectory = dataDirectory, BackgroundMaintenance = false });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var path = target[(target.IndexOf('(', StringComparison.Ordinal) + 1)..].Split(',')[0].TrimEnd(')');
        var stages = new[] { "find", "fetch", "evaluate", "json", "cpu" };
        var times = stages.ToDictionary(s => s, _ => new List<double>());
        var bytes = stages.ToDictionary(s => s, _ => 0L);
        var size = 0;
        var gcs = new int[3];
        var pooled = Environment.GetEnvironmentVariable("MINE_BENCH_POOL") != "off";
        var pause = TimeSpan.Zero;
        for (var run = 0; run < runs + 20; run++)
        {
            if (run == 20)
            {
                gcs = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
                pause = GC.GetTotalPauseDuration();
            }

            var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            void Lap(string stage)
            {
                var nowAllocated = GC.GetTotalAllocatedBytes(precise: true);
                if (run >= 20)
                {
                    times[stage].Add(clock.Elapsed.TotalMilliseconds);
                    bytes[stage] += nowAllocated - allocated;
                }

                allocated = nowAllocated;
                clock.Restart();
            }

            // As the server: pooled value arrays (MINE_BENCH_POOL=off allocates them, to measure what pooling gives).
            using var values = pooled ? new ValueArrayLease(ValueArrayPool.Shared) : null;
            var matches = engine.FindSeries(path);
            Lap("find");
            var reads = new FetchedSeries?[matches.Count];
            var order = Enumerable.Range(0, matches.Count).ToArray(); // as the server: reads in series id order
            Array.Sort([.. matches.Select(m => m.Key)], order);
            using (var session = engine.BeginReads())
            {
                Parallel.For(0, matches.Count, k => reads[order[k]] = session.Fetch(matches[order[k]], from, until, now, values));
            }

            Lap("fetch");
            var context = new EvaluationContext { StartSeconds = from, EndSeconds = until, NowSeconds = now, Source = new Fetched([.. reads.OfType<FetchedSeries>()]), ValueArrays = values };
            var result = TargetEvaluator.Default.Evaluate([target], context);
            Lap("evaluate");
            using var output = new ChunkedBufferWriter(); // as the server: pooled chunks, no large-object-heap array
            JsonRenderWriter.Write(output, result, new JsonRenderOptions());
            size = (int)output.WrittenCount;
            Lap("json");
            if (run >= 20)
            {
                times["cpu"].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalMilliseconds);
            }
        }

        Console.WriteLine($"{target}: {size:N0} bytes of JSON, median of {runs}");
        Console.WriteLine($"  GCs per run: gen0 {(GC.CollectionCount(0) - gcs[0]) / (double)runs:F1}, gen1 {(GC.CollectionCount(1) - gcs[1]) / (double)runs:F1}, gen2 {(GC.CollectionCount(2) - gcs[2]) / (double)runs:F1}; pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / runs:F2} ms per run");
        foreach (var stage in stages)
        {
            var sorted = times[stage].Order().ToList();
            Console.WriteLine($"  {stage,-9} {sorted[sorted.Count / 2],7:F2} ms  (min {sorted[0]:F2})  {bytes[stage] / runs / 1024.0 / 1024.0,7:F2} MB allocated");
        }
    }

    /// <summary>Hands the already fetched series to the evaluator, as the host's source would after its reads.</summary>
    private sealed class Fetched(List<FetchedSeries> series) : ISeriesSource
    {
        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
        {
            limits.ReserveSeries(series.Count);
            limits.ReservePoints(series.Sum(s => (long)s.Values.Length));
            return series;
        }

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];
    }
}
