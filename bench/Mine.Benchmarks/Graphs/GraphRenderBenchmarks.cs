using BenchmarkDotNet.Attributes;
using Mine.Graphs;
using Mine.Graphs.Drawing;
using Mine.Graphs.Graphs;
using Mine.Graphs.Output;
using Mine.Query.Series;

namespace Mine.Benchmarks.Graphs;

/// <summary>
/// The issue-5 case: a 1,000-point, 20-series line graph at 800 x 400, drawn as PNG and as SVG, and its phases
/// (layout into a scene, rasterising, PNG encoding). Data: random walks, so lines zigzag like real metrics.
/// <c>dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*GraphRender*' --job short</c>
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1063 // BenchmarkDotNet needs the class unsealed; GlobalCleanup is the dispose.
public class GraphRenderBenchmarks : IDisposable
#pragma warning restore CA1063
{
    private const long Start = 1_700_000_000;
    private double[][] _values = [];
    private GraphParameters _parameters = null!;
    private Scene _scene = null!;
    private TextMeasurer? _measurer;

    [Params(20)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _values = new double[Series][];
        for (var s = 0; s < Series; s++)
        {
            var values = _values[s] = new double[1000];
            var v = 50.0;
            for (var i = 0; i < values.Length; i++)
            {
                v = Math.Clamp(v + ((random.NextDouble() - 0.5) * 10), 0, 100);
                values[i] = v;
            }
        }

        _parameters = GraphParameters.FromRequest("line", name => name switch
        {
            "width" => "800",
            "height" => "400",
            "title" => "twenty series",
            "hideLegend" => "false",
            _ => null,
        });
        _measurer = new TextMeasurer();
        _scene = Layout();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _measurer?.Dispose();
        GC.SuppressFinalize(this);
    }

    private List<TimeSeries> Data()
        => _values.Select((v, i) => new TimeSeries($"servers.web-{i:000}.cpu.user", Start, Start + (v.Length * 60), 60, (double[])v.Clone())).ToList();

    private Scene Layout()
    {
        var graph = new LineGraph(_parameters, Data(), TimeZoneInfo.Utc, _measurer!);
        graph.DrawGraph();
        return graph.Scene;
    }

    [Benchmark(Description = "layout only (scene)")]
    public int LayoutOnly() => Layout().Items.Count;

    [Benchmark(Description = "rasterise scene")]
    public int RasterizeOnly()
    {
        using var bitmap = SkiaWriter.Rasterize(_scene, _measurer!);
        return bitmap.Width;
    }

    [Benchmark(Description = "PNG (layout + raster + encode)")]
    public int Png() => GraphRenderer.RenderLine(Data(), _parameters, TimeZoneInfo.Utc, ImageFormat.Png).Bytes.Length;

    [Benchmark(Description = "SVG (layout + text)")]
    public int Svg() => GraphRenderer.RenderLine(Data(), _parameters, TimeZoneInfo.Utc, ImageFormat.Svg).Bytes.Length;
}
