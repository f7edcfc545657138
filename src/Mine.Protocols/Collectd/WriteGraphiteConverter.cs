using System.Buffers.Binary;
using Mine.Core.Series;

namespace Mine.Protocols.Collectd;

/// <summary>
/// Turns dispatched collectd value lists into the Graphite points collectd's write_graphite would send, appended
/// to a <see cref="PointBatch"/>: types.db lookup (plugin_dispatch_values), the value cache's time check and rates
/// (<see cref="RateConverter"/>), write_graphite's names (<see cref="WriteGraphiteNamer"/>), and the timestamp
/// rounded to the nearest second (CDTIME_T_TO_TIME_T: (t + 2^29) >> 30). Values: gauges as they are; with
/// StoreRates, counters/derives/absolutes as rates; without, as their raw integers converted to double (exact up
/// to 2^53; write_graphite prints them exactly). NaN results are not stored (carbon drops "nan" lines).
/// Steady state allocates nothing. Not thread-safe: one converter per listener thread.
/// </summary>
public sealed class WriteGraphiteConverter
{
    // VALUES parts carry at most (65535 - 6) / 9 values.
    private const int MaxValues = 7281;

    private readonly TypesDb _typesDb;
    private readonly WriteGraphiteNamer _namer;
    private readonly RateConverter _rates;
    private readonly bool _storeRates;
    private readonly ulong _defaultIntervalHr;
    private byte[] _keyBuffer = new byte[1024];

    public WriteGraphiteConverter(TypesDb typesDb, WriteGraphiteOptions options, RateConverter? rates = null)
    {
        _typesDb = typesDb;
        _namer = new WriteGraphiteNamer(options);
        _rates = rates ?? new RateConverter();
        _storeRates = options.StoreRates;
        _defaultIntervalHr = (ulong)(options.DefaultInterval.TotalSeconds * 1073741824.0);
    }

    public WriteGraphiteNamer Namer => _namer;

    public RateConverter Rates => _rates;

    /// <summary>Appends the points of one value list; returns how many were appended.</summary>
    public int Append(in CollectdValueList values, PointBatch batch, ref WriteGraphiteCounters counters)
    {
        counters.ValueLists++;
        counters.ValuesIn += values.Count;

        if (!_typesDb.TryGet(WriteGraphiteIdentifierKey.CString(values.Type), out var dataSet))
        {
            counters.UnknownType++;
            return 0;
        }

        var count = values.Count;
        if (count != dataSet.Count || values.RawValues.Length != count * 8 || count > MaxValues)
        {
            counters.DsCountMismatch++;
            return 0;
        }

        // Value lists are short (collectd's largest standard type has 11 values); longer ones are rare enough to allocate.
        Span<ulong> raw = count <= 64 ? stackalloc ulong[count] : new ulong[count];
        Span<double> results = count <= 64 ? stackalloc double[count] : new double[count];
        for (var i = 0; i < count; i++)
        {
            raw[i] = Decode(values.Types[i], values.RawValues.Slice(i * 8, 8), dataSet[i].Type, ref counters);
        }

        var keyLength = WriteGraphiteIdentifierKey.Length(values);
        if (keyLength > _keyBuffer.Length)
        {
            _keyBuffer = new byte[keyLength];
        }

        var key = _keyBuffer.AsSpan(0, WriteGraphiteIdentifierKey.Write(values, _keyBuffer));
        var intervalHr = values.IntervalHr == 0 ? _defaultIntervalHr : values.IntervalHr;
        var outcome = _rates.Convert(key, dataSet, values.TimeHr, intervalHr, raw, results, out var tracked);
        if (outcome.TooOld)
        {
            counters.TooOld++;
            return 0;
        }

        if (outcome.StateTableFull)
        {
            counters.StateTableFull++;
        }

        if (_storeRates)
        {
            counters.NoRateYet += outcome.NoRateYet;
            counters.OutOfRange += outcome.OutOfRange;
        }
        else
        {
            // write_graphite without StoreRates prints the raw integers; rates were computed only to keep the
            // cache's state (and its "too old" rule) exactly as collectd's, which updates it regardless.
            for (var i = 0; i < count; i++)
            {
                results[i] = dataSet[i].Type switch
                {
                    DataSourceType.Gauge => results[i],
                    DataSourceType.Derive => (long)raw[i],
                    _ => raw[i],
                };
            }
        }

        // The rate state already found this identifier: its names live there, saving a second lookup by the key.
        WriteGraphiteNames names;
        if (tracked is null)
        {
            names = _namer.GetNames(key, values, dataSet);
        }
        else if (tracked.Names is { } known && ReferenceEquals(known.DataSet, dataSet))
        {
            names = known;
        }
        else
        {
            names = tracked.Names = _namer.Build(values, dataSet);
        }

        var timestamp = (long)((values.TimeHr + (1UL << 29)) >> 30);
        var appended = 0;
        for (var i = 0; i < count; i++)
        {
            var value = results[i];
            if (double.IsNaN(value))
            {
                if (dataSet[i].Type == DataSourceType.Gauge)
                {
                    counters.NaNValues++;
                }

                continue;
            }

            if (names[i].IsEmpty)
            {
                counters.BadName++;
                continue;
            }

            batch.Add(names[i], timestamp, value);
            appended++;
        }

        counters.PointsOut += appended;
        return appended;
    }

    /// <summary>
    /// Reads one wire value (gauge little-endian double; others big-endian integers) as collectd's value_t for
    /// the types.db type. collectd itself would reinterpret the union's bits when the wire type disagrees with
    /// types.db; Mine converts the number instead and counts the disagreement.
    /// </summary>
    private static ulong Decode(byte wireType, ReadOnlySpan<byte> bytes, DataSourceType expected, ref WriteGraphiteCounters counters)
    {
        var wire = (DataSourceType)wireType;
        if (wire == expected)
        {
            return wire == DataSourceType.Gauge
                ? BinaryPrimitives.ReadUInt64LittleEndian(bytes)
                : BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }

        counters.DsTypeMismatch++;
        if (wire == DataSourceType.Gauge)
        {
            var gauge = BinaryPrimitives.ReadDoubleLittleEndian(bytes);
            return expected == DataSourceType.Derive ? unchecked((ulong)(long)gauge) : (ulong)gauge;
        }

        var integer = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        if (expected != DataSourceType.Gauge)
        {
            return integer;
        }

        double asDouble = wire == DataSourceType.Derive ? unchecked((long)integer) : integer;
        return BitConverter.DoubleToUInt64Bits(asDouble);
    }
}
