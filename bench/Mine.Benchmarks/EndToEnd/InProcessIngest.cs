using System.Diagnostics;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Storage.Engine;

namespace Mine.Benchmarks.EndToEnd;

/// <summary>
/// Splits ingest cost into stages on a real plaintext file, without sockets: parse only, then parse + storage.
/// <c>dotnet run -c Release --project bench/Mine.Benchmarks -- ingest FILE [MAXBYTES]</c>
/// </summary>
internal static class InProcessIngest
{
    public static void Run(string file, long maxBytes)
    {
        var data = File.ReadAllBytes(file).AsMemory(0, (int)Math.Min(maxBytes, new FileInfo(file).Length));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var batch = new PointBatch(8192);

        var lines = 0L;
        var parse = Stopwatch.StartNew();
        ForEachBatch(data.Span, now, batch, b => lines += b.Count);
        parse.Stop();
        Console.WriteLine($"parse only: {lines:N0} lines in {parse.Elapsed.TotalSeconds:F2} s = {lines / parse.Elapsed.TotalSeconds / 1e6:F2} M lines/s");

        var dir = Path.Combine(Path.GetTempPath(), "mine-inproc-" + Guid.NewGuid().ToString("N"));
        using var engine = StorageEngine.Open(new StorageOptions { DataDirectory = dir, Log = Console.WriteLine, HeadCapacityPoints = int.Parse(Environment.GetEnvironmentVariable("MINE_BENCH_HEAD") ?? "4194304", System.Globalization.CultureInfo.InvariantCulture) });
        var write = Stopwatch.StartNew();
        var gcBefore = GC.CollectionCount(0);
        ForEachBatch(data.Span, now, batch, b => engine.Write(b));
        write.Stop();
        Console.WriteLine($"parse + storage: {engine.Counters.PointsAccepted:N0} points in {write.Elapsed.TotalSeconds:F2} s = {engine.Counters.PointsAccepted / write.Elapsed.TotalSeconds / 1e6:F2} M points/s, gen0 GCs {GC.CollectionCount(0) - gcBefore}");
        var flush = Stopwatch.StartNew();
        engine.CompactNow();
        Console.WriteLine($"flush + compact: {flush.Elapsed.TotalSeconds:F2} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
        engine.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private static void ForEachBatch(ReadOnlySpan<byte> data, long now, PointBatch batch, Action<PointBatch> sink)
    {
        var counters = default(PlaintextCounters);
        var at = 0;
        while (at < data.Length)
        {
            var chunk = data.Slice(at, Math.Min(256 * 1024, data.Length - at));
            batch.Clear();
            var consumed = PlaintextParser.ParseLines(chunk, at + chunk.Length >= data.Length, now, batch, ref counters);
            sink(batch);
            at += consumed == 0 ? chunk.Length : consumed;
        }
    }
}
