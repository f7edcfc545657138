using System.Buffers.Binary;

namespace Mine.Protocols.Collectd;

/// <summary>
/// Reads the 8-byte values of a <see cref="CollectdValueList"/> with the byte order network.c uses: gauges are
/// little-endian doubles (htond writes x86 order whatever the sender's CPU), counter/derive/absolute big-endian.
/// </summary>
public static class CollectdValues
{
    public static DataSourceType GetType(in CollectdValueList values, int index) => (DataSourceType)values.Types[index];

    /// <summary>The value as a double, converting integer types (what a Graphite point holds).</summary>
    public static double GetDouble(in CollectdValueList values, int index)
    {
        var raw = values.RawValues.Slice(index * 8, 8);
        return (DataSourceType)values.Types[index] switch
        {
            DataSourceType.Gauge => BinaryPrimitives.ReadDoubleLittleEndian(raw),
            DataSourceType.Derive => BinaryPrimitives.ReadInt64BigEndian(raw),
            _ => BinaryPrimitives.ReadUInt64BigEndian(raw),
        };
    }

    /// <summary>Counter and absolute values (u64); a gauge is truncated, a derive reinterpreted.</summary>
    public static ulong GetUInt64(in CollectdValueList values, int index)
    {
        var raw = values.RawValues.Slice(index * 8, 8);
        return (DataSourceType)values.Types[index] == DataSourceType.Gauge
            ? (ulong)BinaryPrimitives.ReadDoubleLittleEndian(raw)
            : BinaryPrimitives.ReadUInt64BigEndian(raw);
    }

    /// <summary>Derive values (i64); a gauge is truncated, a counter/absolute reinterpreted.</summary>
    public static long GetInt64(in CollectdValueList values, int index)
    {
        var raw = values.RawValues.Slice(index * 8, 8);
        return (DataSourceType)values.Types[index] == DataSourceType.Gauge
            ? (long)BinaryPrimitives.ReadDoubleLittleEndian(raw)
            : BinaryPrimitives.ReadInt64BigEndian(raw);
    }

    /// <summary>Whole seconds of a cdtime_t, rounded like CDTIME_T_TO_TIME_T.</summary>
    public static long ToUnixSeconds(ulong cdtime) => (long)((cdtime + (1UL << 29)) >> CollectdWire.CdtimeShift);

    /// <summary>Seconds of a cdtime_t with the fraction (CDTIME_T_TO_DOUBLE).</summary>
    public static double ToSeconds(ulong cdtime) => cdtime / 1073741824.0;
}
