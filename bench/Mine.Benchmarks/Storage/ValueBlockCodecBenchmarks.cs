using System.Buffers;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Mine.Storage.Blocks;

namespace Mine.Benchmarks.Storage;

/// <summary>
/// Value block encode and decode, reported per point (OperationsPerInvoke). Data: the fleet formula of
/// ../shared/bench/gen_fleet.py printed with 3 decimals, and a collectd-style binary-fraction gauge.
/// Run: dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*Codec*' --job short
/// </summary>
[MemoryDiagnoser]
public class ValueBlockCodecBenchmarks
{
    private const int TotalPoints = 8640 * 8;

    private double[][] _blocks = [];
    private byte[][] _encoded = [];
    private double[] _decoded = [];
    private ArrayBufferWriter<byte> _output = new();

    [Params(288, 8640)]
    public int BlockSize { get; set; }

    [Params("fleet", "binary-gauge")]
    public string Data { get; set; } = "fleet";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _blocks = new double[TotalPoints / BlockSize][];
        _encoded = new byte[_blocks.Length][];
        for (var b = 0; b < _blocks.Length; b++)
        {
            _blocks[b] = Data == "fleet" ? Fleet(random, BlockSize) : BinaryGauge(random, BlockSize);
            var writer = new ArrayBufferWriter<byte>();
            ValueBlockCodec.Encode(_blocks[b], writer);
            _encoded[b] = writer.WrittenSpan.ToArray();
        }

        _decoded = new double[BlockSize];
        _output = new ArrayBufferWriter<byte>(ValueBlockCodec.MaxEncodedLength(BlockSize) * 2);
    }

    [Benchmark(OperationsPerInvoke = TotalPoints)]
    public int Encode()
    {
        var bytes = 0;
        foreach (var block in _blocks)
        {
            _output.ResetWrittenCount();
            bytes += ValueBlockCodec.Encode(block, _output);
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = TotalPoints)]
    public double Decode()
    {
        double sum = 0;
        foreach (var block in _encoded)
        {
            ValueBlockCodec.Decode(block, _decoded);
            sum += _decoded[^1];
        }

        return sum;
    }

    private static double[] Fleet(Random random, int points)
    {
        var baseValue = random.NextDouble() * 100;
        var phase = random.NextDouble() * 6.28;
        var start = 1_780_000_000L - (30 * 86_400);
        var values = new double[points];
        for (var k = 0; k < points; k++)
        {
            var ts = start + (k * 300L);
            var day = Math.Sin(2 * Math.PI * (ts % 86_400) / 86_400);
            var value = baseValue * (1.2 + (0.5 * day) + (0.1 * Math.Sin((ts / 600.0) + phase)));
            values[k] = double.Parse(value.ToString("F3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static double[] BinaryGauge(Random random, int points)
    {
        var values = new double[points];
        var level = random.NextDouble() * 4;
        for (var k = 0; k < points; k++)
        {
            level = Math.Max(0, level + ((random.NextDouble() - 0.5) * 0.2));
            values[k] = Math.Round(level * 2048) / 2048;
        }

        return values;
    }
}
