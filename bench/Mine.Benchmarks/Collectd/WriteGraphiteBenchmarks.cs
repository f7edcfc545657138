using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mine.Core.Series;
using Mine.Protocols.Collectd;

namespace Mine.Benchmarks.Collectd;

/// <summary>
/// Value lists → Graphite points with a warm name cache and warm rate state: the steady state of a collectd
/// listener. Each invocation converts <see cref="ListCount"/> lists of a realistic mix (load ×3 gauges, cpu
/// derive, if_octets 2 derives, memory gauge, df 2 gauges) from 1,667 hosts, every identifier distinct; OperationsPerInvoke makes the reported
/// Mean the time per value list (1 s / Mean = value lists/s; ~1.6 values per list).
/// </summary>
[MemoryDiagnoser]
public class WriteGraphiteBenchmarks
{
    private const int ListCount = 10_000;
    private const ulong Second = 1UL << 30;

    private readonly PointBatch _batch = new(ListCount * 3);
    private readonly List<Identifier> _lists = [];
    private WriteGraphiteConverter _converter = null!;
    private ulong _timeHr = 1_795_668_581UL * Second;

    [Params(true, false)]
    public bool StoreRates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _converter = new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions { Prefix = "collectd.", StoreRates = StoreRates });
        (string Plugin, string Instance, string Type, string TypeInstance, DataSourceType Ds, int Count)[] shapes =
        [
            ("load", "", "load", "", DataSourceType.Gauge, 3),
            ("cpu", "0", "cpu", "user", DataSourceType.Derive, 1),
            ("cpu", "1", "cpu", "system", DataSourceType.Derive, 1),
            ("interface", "eth0", "if_octets", "", DataSourceType.Derive, 2),
            ("memory", "", "memory", "used", DataSourceType.Gauge, 1),
            ("df", "root", "df", "", DataSourceType.Gauge, 2),
        ];
        for (var i = 0; i < ListCount; i++)
        {
            var shape = shapes[i % shapes.Length];
            var host = $"web-{i / shapes.Length:0000}.ams.example.com";
            var raw = new byte[shape.Count * 8];
            for (var v = 0; v < shape.Count; v++)
            {
                if (shape.Ds == DataSourceType.Gauge)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(v * 8), 0.25 * (i + v));
                }
            }

            _lists.Add(new Identifier(
                Encoding.UTF8.GetBytes(host), Encoding.UTF8.GetBytes(shape.Plugin), Encoding.UTF8.GetBytes(shape.Instance),
                Encoding.UTF8.GetBytes(shape.Type), Encoding.UTF8.GetBytes(shape.TypeInstance),
                Enumerable.Repeat((byte)shape.Ds, shape.Count).ToArray(), raw));
        }

        // Warm the name cache and the rate state (two samples so derives have rates).
        Convert();
        Convert();
    }

    [Benchmark(OperationsPerInvoke = ListCount)]
    public int Convert()
    {
        _batch.Clear();
        _timeHr += 10 * Second;
        var counters = default(WriteGraphiteCounters);
        foreach (var list in _lists)
        {
            // Counters/derives advance by a constant so every rate is in range.
            for (var v = 0; v < list.Types.Length; v++)
            {
                if (list.Types[v] != (byte)DataSourceType.Gauge)
                {
                    var slot = list.RawValues.AsSpan(v * 8);
                    BinaryPrimitives.WriteUInt64BigEndian(slot, BinaryPrimitives.ReadUInt64BigEndian(slot) + 1000);
                }
            }

            var values = new CollectdValueList
            {
                Host = list.Host,
                Plugin = list.Plugin,
                PluginInstance = list.PluginInstance,
                Type = list.Type,
                TypeInstance = list.TypeInstance,
                TimeHr = _timeHr,
                IntervalHr = 10 * Second,
                Types = list.Types,
                RawValues = list.RawValues,
            };
            _converter.Append(values, _batch, ref counters);
        }

        return _batch.Count;
    }

    private sealed record Identifier(
        byte[] Host, byte[] Plugin, byte[] PluginInstance, byte[] Type, byte[] TypeInstance, byte[] Types, byte[] RawValues);
}
