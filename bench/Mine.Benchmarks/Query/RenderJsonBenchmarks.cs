using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mine.Compat.Python;
using Mine.Query.Render.Formats;
using Mine.Query.Series;

namespace Mine.Benchmarks.Query;

/// <summary>
/// format=json for the fleet's widest answers: 1,300 series × 288 points, values like collectd's (three
/// decimals) and like sums of them (which need 15-17 digits in Python's repr).
/// dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*RenderJson*'
/// </summary>
[MemoryDiagnoser]
public class RenderJsonBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(16 << 20);
    private List<TimeSeries> _series = [];
    private double[] _values = [];

    [Params(false, true)]
    public bool Sums { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        double Value() => Sums
            ? Enumerable.Range(0, 4).Sum(_ => Math.Round(random.NextDouble() * 100, 3))
            : Math.Round(random.NextDouble() * 100, 3);
        _series = [.. Enumerable.Range(0, 1300).Select(i => new TimeSeries($"servers.web-{i:000}.load.load.shortterm", 1_795_564_800, 1_795_564_800 + 86_400, 300, [.. Enumerable.Range(0, 288).Select(_ => Value())]))];
        _values = [.. Enumerable.Range(0, 374_400).Select(_ => Value())];
    }

    [Benchmark(Description = "JSON body, 374,400 points")]
    public int Json()
    {
        _output.ResetWrittenCount();
        JsonRenderWriter.Write(_output, _series, new JsonRenderOptions());
        return _output.WrittenCount;
    }

    [Benchmark(Description = "repr of 374,400 floats")]
    public int Repr()
    {
        Span<byte> buffer = stackalloc byte[PythonFloat.MaxLength];
        var total = 0;
        foreach (var value in _values)
        {
            total += PythonFloat.FormatRepr(value, buffer);
        }

        return total;
    }
}
