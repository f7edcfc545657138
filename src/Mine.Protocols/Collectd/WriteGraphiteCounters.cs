namespace Mine.Protocols.Collectd;

/// <summary>
/// What <see cref="WriteGraphiteConverter"/> did, for <c>/_internal/metrics</c>. Plain fields so the hot path
/// increments without atomics; each listener thread owns its counters and the host sums them with
/// <see cref="Add"/>.
/// </summary>
public struct WriteGraphiteCounters
{
    /// <summary>Value lists handed to the converter.</summary>
    public long ValueLists;

    /// <summary>Values (data sources) in those lists.</summary>
    public long ValuesIn;

    /// <summary>Points appended to the batch.</summary>
    public long PointsOut;

    /// <summary>Lists whose type is not in types.db (collectd: "Dataset not found"), dropped.</summary>
    public long UnknownType;

    /// <summary>Lists whose value count differs from the type's data-source count, dropped.</summary>
    public long DsCountMismatch;

    /// <summary>Values whose wire type differs from the types.db type (converted numerically, still stored).</summary>
    public long DsTypeMismatch;

    /// <summary>Lists whose time is ≤ the identifier's last time (collectd: "Value too old"), dropped.</summary>
    public long TooOld;

    /// <summary>Counter/derive values without a previous sample, so without a rate yet (not stored).</summary>
    public long NoRateYet;

    /// <summary>Rates outside the types.db [min, max] (not stored).</summary>
    public long OutOfRange;

    /// <summary>Values whose name storage cannot hold even after empty components are removed (not stored).</summary>
    public long BadName;

    /// <summary>NaN gauges (collectd's "U"): write_graphite prints "nan", which carbon drops; not stored.</summary>
    public long NaNValues;

    /// <summary>Lists that got no rate state because the state table was full.</summary>
    public long StateTableFull;

    public void Add(in WriteGraphiteCounters other)
    {
        ValueLists += other.ValueLists;
        ValuesIn += other.ValuesIn;
        PointsOut += other.PointsOut;
        UnknownType += other.UnknownType;
        DsCountMismatch += other.DsCountMismatch;
        DsTypeMismatch += other.DsTypeMismatch;
        TooOld += other.TooOld;
        NoRateYet += other.NoRateYet;
        OutOfRange += other.OutOfRange;
        NaNValues += other.NaNValues;
        BadName += other.BadName;
        StateTableFull += other.StateTableFull;
    }
}
