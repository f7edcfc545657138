using System.Buffers.Binary;
using System.Text;
using Mine.Core.Series;
using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>One wire value of a hand-built value list.</summary>
internal readonly record struct WireValue(DataSourceType Type, ulong Bits)
{
    public static WireValue Gauge(double value) => new(DataSourceType.Gauge, BitConverter.DoubleToUInt64Bits(value));

    public static WireValue Counter(ulong value) => new(DataSourceType.Counter, value);

    public static WireValue Derive(long value) => new(DataSourceType.Derive, unchecked((ulong)value));

    public static WireValue Absolute(ulong value) => new(DataSourceType.Absolute, value);
}

/// <summary>Builds <see cref="CollectdValueList"/>s as the network parser would hand them over.</summary>
internal static class WriteGraphiteTestLists
{
    public const ulong Second = 1UL << 30;

    public static ulong Hr(double seconds) => (ulong)(seconds * 1073741824.0);

    /// <summary>Converts one value list built from the arguments (identifier "host/plugin-pi/type-ti").</summary>
    public static int Append(
        WriteGraphiteConverter converter, PointBatch batch, ref WriteGraphiteCounters counters, string identifier,
        ulong timeHr, ulong intervalHr, params WireValue[] values)
    {
        var (host, plugin, pluginInstance, type, typeInstance) = Split(identifier);
        var types = values.Select(v => (byte)v.Type).ToArray();
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Type == DataSourceType.Gauge)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(raw.AsSpan(i * 8), values[i].Bits);
            }
            else
            {
                BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(i * 8), values[i].Bits);
            }
        }

        var list = new CollectdValueList
        {
            Host = Encoding.UTF8.GetBytes(host),
            Plugin = Encoding.UTF8.GetBytes(plugin),
            PluginInstance = Encoding.UTF8.GetBytes(pluginInstance),
            Type = Encoding.UTF8.GetBytes(type),
            TypeInstance = Encoding.UTF8.GetBytes(typeInstance),
            TimeHr = timeHr,
            IntervalHr = intervalHr,
            Types = types,
            RawValues = raw,
        };
        return converter.Append(list, batch, ref counters);
    }

    /// <summary>collectd's parse_identifier: host/plugin[-instance]/type[-instance], instances split at the first '-'.</summary>
    public static (string Host, string Plugin, string PluginInstance, string Type, string TypeInstance) Split(string identifier)
    {
        var firstSlash = identifier.IndexOf('/', StringComparison.Ordinal);
        var secondSlash = identifier.IndexOf('/', firstSlash + 1);
        var (plugin, pluginInstance) = Instance(identifier[(firstSlash + 1)..secondSlash]);
        var (type, typeInstance) = Instance(identifier[(secondSlash + 1)..]);
        return (identifier[..firstSlash], plugin, pluginInstance, type, typeInstance);

        static (string, string) Instance(string part)
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            return dash < 0 ? (part, "") : (part[..dash], part[(dash + 1)..]);
        }
    }

    public static List<(string Name, long Timestamp, double Value)> Points(PointBatch batch) =>
        Enumerable.Range(0, batch.Count)
            .Select(i => (Encoding.UTF8.GetString(batch.Name(i)), batch.Timestamp(i), batch.Value(i)))
            .ToList();
}
