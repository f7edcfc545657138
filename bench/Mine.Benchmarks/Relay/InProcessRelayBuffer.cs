using System.Diagnostics;
using System.Globalization;
using Mine.Core.Series;
using Mine.Relay.Buffer;

namespace Mine.Benchmarks.Relay;

/// <summary>
/// The relay's disk buffer with a destination that is down: collectd cpu points (<c>collectd.web-0042.cpu-3.cpu-user</c>,
/// full-precision rates, 10 s timestamps) appended in batches of a collectd datagram (40) and of a plaintext read
/// (8,192), on one thread and on two, with the sealing loop running beside them; nothing is acknowledged. Prints
/// points/s appended (what a listener waits for) and sealed (sustained: the sealing loop's pace), bytes on disk per
/// point once sealed, allocations per point, and the working set as the backlog grows.
/// <c>dotnet run -c Release --project bench/Mine.Benchmarks -- relay-buffer [DIR] [PASSES]</c>
/// </summary>
internal static class InProcessRelayBuffer
{
    private const int Hosts = 1000;
    private const int Cpus = 4;
    private const int Rounds = 64;
    private static readonly string[] States = ["user", "system", "idle", "wait", "nice", "interrupt", "softirq", "steal"];

    public static void Run(string root, int passes)
    {
        var points = Hosts * Cpus * States.Length * Rounds;
        Console.WriteLine($"{points:N0} points per pass, {Hosts * Cpus * States.Length:N0} series, {Rounds} rounds of 10 s; buffer in {root}");
        foreach (var batchSize in Environment.GetEnvironmentVariable("MINE_BENCH_OUTAGE_ONLY") == "1" ? [] : new[] { 40, 8192 })
        {
            var batches = Build(batchSize);
            Measure(root, batches, points, threads: 1, passes: 1, batchSize, print: false); // JIT, page cache, pools
            foreach (var threads in new[] { 1, 2 })
            {
                Measure(root, batches, points, threads, passes: 1, batchSize);
            }
        }

        // A long outage: the same points again and again, never acknowledged; the working set must stay flat.
        Measure(root, Build(8192), points, threads: 1, passes, 8192);
    }

    private static void Measure(string root, List<PointBatch> batches, long pointsPerPass, int threads, int passes, int batchSize, bool print = true)
    {
        var dir = Path.Combine(root, "mine-relay-buffer-bench-" + Guid.NewGuid().ToString("N"));
        var options = new ChunkBufferOptions { TotalLimitBytes = 64L << 30 };
        var buffer = ChunkBuffer.Open(dir, ["centre"], options);
        using var stop = new CancellationTokenSource();
        var sealing = Task.Run(() => buffer.RunSealingAsync(null, stop.Token));
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var workingSets = new List<(long WorkingSet, long Heap)>();
        var watch = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (var i = t; i < batches.Count; i += threads)
                {
                    var append = buffer.AppendAsync(0, batches[i], CancellationToken.None);
                    if (!append.IsCompletedSuccessfully)
                    {
                        append.AsTask().GetAwaiter().GetResult();
                    }
                }
            });

            if (passes > 1 && (pass + 1) % Math.Max(1, passes / 5) == 0)
            {
                workingSets.Add((Environment.WorkingSet, GC.GetGCMemoryInfo().TotalCommittedBytes));
            }
        }

        var appended = watch.Elapsed;
        var waiting = buffer.Stats(0).ChunksStaged - 1; // full chunks the sealing loop had not sealed yet
        while (buffer.Stats(0).ChunksStaged > 1)
        {
            Thread.Sleep(1);
        }

        watch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        stop.Cancel();
        try
        {
            sealing.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        var allocatedPerPoint = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)(pointsPerPass * passes);
        buffer.Dispose(); // seals the last staged chunk
        var files = Directory.GetFiles(Path.Combine(dir, "centre"), "*.chunk");
        var disk = files.Sum(f => new FileInfo(f).Length);
        var total = pointsPerPass * passes;
        var rate = total / appended.TotalSeconds / 1e6;
        var sealedRate = total / watch.Elapsed.TotalSeconds / 1e6;
        var busy = cpuUsed.TotalSeconds / watch.Elapsed.TotalSeconds;
        var growth = workingSets.Count > 0 ? ", working set " + string.Join(" → ", workingSets.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.WorkingSet / 1e6:F0} (GC committed {w.Heap / 1e6:F0})"))) + " MB" : "";
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batchSize,5}, {threads} thread(s), {passes} pass(es): appended {rate:F2} M points/s ({waiting} full chunks then waiting for the sealing loop), all sealed {sealedRate:F2} M points/s ({busy:F2} cores busy), {files.Length} chunks, {disk / (double)total:F2} bytes/point on disk ({disk / 1e6:F1} MB), {allocatedPerPoint:F2} bytes allocated/point{growth}"));
        }

        Directory.Delete(dir, recursive: true);
    }

    private static List<PointBatch> Build(int batchSize)
    {
        var random = new Random(42);
        var names = new List<byte[]>();
        for (var h = 0; h < Hosts; h++)
        {
            for (var c = 0; c < Cpus; c++)
            {
                foreach (var state in States)
                {
                    names.Add(System.Text.Encoding.UTF8.GetBytes($"collectd.web-{h:D4}.cpu-{c}.cpu-{state}"));
                }
            }
        }

        var batches = new List<PointBatch>();
        var batch = new PointBatch(batchSize);
        var start = 1_750_000_000L;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var name in names)
            {
                // A DERIVE rate: jiffies over an interval that is never exactly 10 s, so full-precision doubles.
                batch.Add(name, start + (round * 10), random.Next(0, 1000) / (10 + (random.NextDouble() * 1e-3)));
                if (batch.Count == batchSize)
                {
                    batches.Add(batch);
                    batch = new PointBatch(batchSize);
                }
            }
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return batches;
    }
}
