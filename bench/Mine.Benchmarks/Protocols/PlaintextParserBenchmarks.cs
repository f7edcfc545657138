using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mine.Core.Series;
using Mine.Protocols.Graphite;

namespace Mine.Benchmarks.Protocols;

/// <summary>
/// Plaintext parsing throughput. Each invocation parses one buffer of <see cref="LineCount"/> lines, and
/// OperationsPerInvoke makes BenchmarkDotNet report the time (and allocation) per line: 1 s / Mean = lines/s.
/// </summary>
[MemoryDiagnoser]
public class PlaintextParserBenchmarks
{
    private const int LineCount = 10_000;
    private const long Now = 1_779_926_400;

    private readonly PointBatch _batch = new(LineCount);
    private byte[] _collectdStyle = [];
    private byte[] _tagged = [];
    private byte[] _fractionalTimestamps = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string[] kinds = ["user", "system", "idle", "iowait"];
        _collectdStyle = Build(i =>
            $"servers.web-{i % 200:000}.cpu-{i % 8}.cpu-{kinds[i % 4]} {random.Next(0, 100_000) / 1000.0:0.000} {Now + (i / 1000)}");
        _tagged = Build(i =>
            $"cpu.usage;host=web-{i % 200:000};dc=ams{i % 3};cpu={i % 8} {random.Next(0, 100_000) / 1000.0:0.000} {Now}");
        _fractionalTimestamps = Build(i =>
            $"app.requests.latency.p99 {random.NextDouble() * 1000:0.000000} {Now}.{random.Next(0, 1_000_000):000000}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LineCount)]
    public int CollectdStyleLines() => Parse(_collectdStyle);

    [Benchmark(OperationsPerInvoke = LineCount)]
    public int TaggedLines() => Parse(_tagged);

    [Benchmark(OperationsPerInvoke = LineCount)]
    public int FractionalTimestamps() => Parse(_fractionalTimestamps);

    private int Parse(byte[] buffer)
    {
        _batch.Clear();
        var counters = new PlaintextCounters();
        PlaintextParser.ParseLines(buffer, isFinalBlock: true, Now, _batch, ref counters);
        return _batch.Count;
    }

    private static byte[] Build(Func<int, string> line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < LineCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{line(i)}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
