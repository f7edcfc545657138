using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mine.Core.Series;
using Mine.Query.Evaluation;
using Mine.Query.Render.Formats;

namespace Mine.Benchmarks.Query;

/// <summary>
/// The evaluation and JSON cost of the fleet's widest function query without storage or HTTP:
/// groupByNode over 5,200 in-memory series (1,300 hosts × 4 cores, 288 points each).
/// dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*GroupByNode*'
/// </summary>
[MemoryDiagnoser]
public class GroupByNodeBenchmarks
{
    private const long Start = 1_795_564_800;
    private MemorySource _source = new([]);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        var series = new List<FetchedSeries>();
        for (var host = 0; host < 1300; host++)
        {
            for (var core = 0; core < 4; core++)
            {
                series.Add(new FetchedSeries($"servers.web-{host:0000}.cpu-{core}.cpu-user", Start + 300, Start + 86_700, 300, [.. Enumerable.Range(0, 288).Select(_ => Math.Round(random.NextDouble() * 100, 3))]));
            }
        }

        _source = new MemorySource(series);
    }

    [Benchmark(Description = "evaluate groupByNode(5,200 series)")]
    public int Evaluate() => Run(json: false);

    [Benchmark(Description = "evaluate + JSON")]
    public int EvaluateAndWrite() => Run(json: true);

    private int Run(bool json)
    {
        var context = new EvaluationContext { StartSeconds = Start, EndSeconds = Start + 86_400, NowSeconds = Start + 86_400, Source = _source };
        var result = TargetEvaluator.Default.Evaluate(["groupByNode(servers.*.cpu-*.cpu-user,1,\"sumSeries\")"], context);
        if (!json)
        {
            return result.Count;
        }

        var output = new ArrayBufferWriter<byte>(16 << 20);
        JsonRenderWriter.Write(output, result, new JsonRenderOptions());
        return output.WrittenCount;
    }

    /// <summary>Hands out copies, as storage hands out fresh arrays per read.</summary>
    private sealed class MemorySource(List<FetchedSeries> series) : ISeriesSource
    {
        public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
        {
            limits.ReserveSeries(series.Count);
            limits.ReservePoints(series.Sum(s => (long)s.Values.Length));
            return [.. series.Select(s => s with { Values = (double[])s.Values.Clone() })];
        }

        public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];
    }
}
