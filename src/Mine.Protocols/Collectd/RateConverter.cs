using Mine.Core.Text;

namespace Mine.Protocols.Collectd;

/// <summary>
/// collectd's value cache (<c>src/daemon/utils_cache.c</c> uc_insert / uc_update / uc_check_range) reduced to what
/// write_graphite's StoreRates needs: per identifier, the last time and the last raw value of each data source.
/// <list type="bullet">
/// <item>COUNTER: Δ/Δt with wrap (counter_diff: 32-bit if the old value ≤ 2^32−1, else 64-bit).</item>
/// <item>DERIVE: signed Δ/Δt. ABSOLUTE: value/Δt; its first sample is value/interval (uc_insert).</item>
/// <item>First sample of COUNTER/DERIVE: no rate (NaN). A rate outside types.db [min, max]: NaN.</item>
/// <item>A value list whose time is ≤ the identifier's last time is "too old": state untouched.</item>
/// <item>GAUGE passes through unchanged (write_graphite prints the raw gauge, not the range-checked cache copy).</item>
/// </list>
/// Divergence: collectd logs "Value too old" but still calls write_graphite, which then prints the previous rate
/// at the old timestamp; Mine drops the list instead (wire-protocols.md §1.7 rule 6), so a replayed or reordered
/// datagram cannot overwrite stored points.
/// Memory is bounded: an identifier not updated for more than <see cref="StaleIntervals"/> × its interval (wall
/// clock, checked in a sweep at most every <see cref="SweepPeriod"/>) is forgotten, like collectd's
/// uc_check_timeout (which uses Timeout × interval, 2 by default; 10 here so a late sender keeps its counters);
/// at <see cref="MaxIdentifiers"/> new identifiers get no state (no rate) until a sweep frees room.
/// Not thread-safe: the host uses one converter per UDP listener thread (a sender's datagrams reach one
/// thread because SO_REUSEPORT hashes the source address), so no locks sit on the hot path.
/// </summary>
public sealed class RateConverter
{
    private const double CdtimePerSecond = 1073741824.0;

    private readonly Dictionary<byte[], State> _states = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], State>.AlternateLookup<ReadOnlySpan<byte>> _statesBySpan;
    private readonly TimeProvider _clock;
    private readonly long _sweepTicks;
    private long _lastSweep;

    public RateConverter(TimeProvider? clock = null, int maxIdentifiers = 1_000_000, double staleIntervals = 10,
        TimeSpan? sweepPeriod = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIdentifiers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(staleIntervals, 1);
        _clock = clock ?? TimeProvider.System;
        _statesBySpan = _states.GetAlternateLookup<ReadOnlySpan<byte>>();
        MaxIdentifiers = maxIdentifiers;
        StaleIntervals = staleIntervals;
        SweepPeriod = sweepPeriod ?? TimeSpan.FromSeconds(30);
        _sweepTicks = (long)(SweepPeriod.TotalSeconds * _clock.TimestampFrequency);
        _lastSweep = _clock.GetTimestamp();
    }

    public int MaxIdentifiers { get; }

    public double StaleIntervals { get; }

    public TimeSpan SweepPeriod { get; }

    /// <summary>Identifiers with state.</summary>
    public int Count => _states.Count;

    /// <summary>Identifiers forgotten by sweeps so far.</summary>
    public long Evicted { get; private set; }

    /// <summary>
    /// Updates the state of one value list and writes one output per data source into <paramref name="results"/>:
    /// the gauge itself, or the rate (NaN when there is none yet or it is out of range). <paramref name="values"/>
    /// holds each value as collectd's value_t bits for the types.db type: counter/absolute as ulong, derive as
    /// long, gauge as the double's bits. <paramref name="intervalHr"/> must not be 0 (substitute the default).
    /// </summary>
    public RateOutcome Convert(ReadOnlySpan<byte> identifierKey, TypesDbDataSet dataSet, ulong timeHr, ulong intervalHr,
        ReadOnlySpan<ulong> values, Span<double> results) =>
        Convert(identifierKey, dataSet, timeHr, intervalHr, values, results, out _);

    /// <summary>
    /// As <see cref="Convert(ReadOnlySpan{byte}, TypesDbDataSet, ulong, ulong, ReadOnlySpan{ulong}, Span{double})"/>,
    /// also giving the identifier's state (null when the table is full), so the caller can keep per-identifier data
    /// of its own there (the series names) instead of a second lookup by the same key.
    /// </summary>
    internal RateOutcome Convert(ReadOnlySpan<byte> identifierKey, TypesDbDataSet dataSet, ulong timeHr, ulong intervalHr,
        ReadOnlySpan<ulong> values, Span<double> results, out State? tracked)
    {
        tracked = null;
        var count = dataSet.Count;
        var now = _clock.GetTimestamp();
        if (now - _lastSweep >= _sweepTicks)
        {
            Sweep(now);
        }

        if (!_statesBySpan.TryGetValue(identifierKey, out var state) || state.Raw.Length != count)
        {
            if (state is null && _states.Count >= MaxIdentifiers)
            {
                Sweep(now);
            }

            if (state is null && _states.Count >= MaxIdentifiers)
            {
                var untracked = FirstSample(dataSet, intervalHr, values, results);
                return untracked with { StateTableFull = true };
            }

            state = new State(count);
            _statesBySpan[identifierKey] = state;
            values.CopyTo(state.Raw);
            state.Remember(timeHr, intervalHr, now);
            tracked = state;
            return FirstSample(dataSet, intervalHr, values, results);
        }

        tracked = state;
        if (state.LastTimeHr >= timeHr)
        {
            return new RateOutcome { TooOld = true };
        }

        var seconds = (timeHr - state.LastTimeHr) / CdtimePerSecond;
        var outcome = default(RateOutcome);
        for (var i = 0; i < count; i++)
        {
            var source = dataSet[i];
            var value = values[i];
            double result;
            switch (source.Type)
            {
                case DataSourceType.Gauge:
                    results[i] = BitConverter.UInt64BitsToDouble(value);
                    continue;
                case DataSourceType.Counter:
                    result = CounterDiff(state.Raw[i], value) / seconds;
                    break;
                case DataSourceType.Derive:
                    result = unchecked((long)value - (long)state.Raw[i]) / seconds;
                    break;
                default:
                    result = value / seconds;
                    break;
            }

            state.Raw[i] = value;
            results[i] = CheckRange(source, result, ref outcome);
        }

        state.Remember(timeHr, intervalHr, now);
        return outcome;
    }

    /// <summary>Forgets every identifier (e.g. after a configuration change).</summary>
    public void Clear() => _states.Clear();

    /// <summary>utils/common/common.c counter_diff.</summary>
    internal static ulong CounterDiff(ulong oldValue, ulong newValue)
    {
        if (oldValue <= newValue)
        {
            return newValue - oldValue;
        }

        return oldValue <= uint.MaxValue
            ? (uint.MaxValue - oldValue) + newValue + 1
            : unchecked((ulong.MaxValue - oldValue) + newValue + 1);
    }

    private static RateOutcome FirstSample(TypesDbDataSet dataSet, ulong intervalHr, ReadOnlySpan<ulong> values, Span<double> results)
    {
        var outcome = default(RateOutcome);
        for (var i = 0; i < dataSet.Count; i++)
        {
            var source = dataSet[i];
            switch (source.Type)
            {
                case DataSourceType.Gauge:
                    results[i] = BitConverter.UInt64BitsToDouble(values[i]);
                    break;
                case DataSourceType.Absolute:
                    // uc_insert: an ABSOLUTE's first rate is value / interval.
                    results[i] = CheckRange(source, values[i] / (intervalHr / CdtimePerSecond), ref outcome);
                    break;
                default:
                    results[i] = double.NaN;
                    outcome.NoRateYet++;
                    break;
            }
        }

        return outcome;
    }

    private static double CheckRange(TypesDbDataSource source, double rate, ref RateOutcome outcome)
    {
        if (source.IsOutOfRange(rate))
        {
            outcome.OutOfRange++;
            return double.NaN;
        }

        return rate;
    }

    private void Sweep(long now)
    {
        _lastSweep = now;
        var frequency = (double)_clock.TimestampFrequency;
        foreach (var (key, state) in _states)
        {
            var idleSeconds = (now - state.LastSeen) / frequency;
            if (idleSeconds > StaleIntervals * (state.IntervalHr / CdtimePerSecond))
            {
                _states.Remove(key);
                Evicted++;
            }
        }
    }

    internal sealed class State(int count)
    {
        public readonly ulong[] Raw = new ulong[count];

        /// <summary>The series names of this identifier, kept here by <see cref="WriteGraphiteConverter"/>.</summary>
        public WriteGraphiteNames? Names;
        public ulong LastTimeHr;
        public ulong IntervalHr;
        public long LastSeen;

        public void Remember(ulong timeHr, ulong intervalHr, long now)
        {
            LastTimeHr = timeHr;
            IntervalHr = intervalHr;
            LastSeen = now;
        }
    }
}

/// <summary>What <see cref="RateConverter.Convert"/> did with one value list.</summary>
public record struct RateOutcome
{
    /// <summary>Time ≤ the identifier's last time: nothing converted, nothing to write.</summary>
    public bool TooOld { get; set; }

    /// <summary>The state table was full: outputs are first-sample outputs and nothing was remembered.</summary>
    public bool StateTableFull { get; set; }

    /// <summary>COUNTER/DERIVE data sources without a previous sample (output NaN).</summary>
    public int NoRateYet { get; set; }

    /// <summary>Rates outside the types.db [min, max] (output NaN).</summary>
    public int OutOfRange { get; set; }
}
