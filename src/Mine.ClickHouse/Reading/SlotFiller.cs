using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Reading;

/// <summary>
/// Turns the rows ClickHouse holds for one series into the slots of a read, answering as the embedded engine does
/// (docs/clickhouse.md, "Reads"). A row's archive is the one the embedded engine would have written it to: the finest
/// whose retention was longer than its age when it was accepted (its Timestamp minus its Time). Then, archive by
/// archive from the finest: a slot holds the aggregation of the finer archive's slots (whisper's propagation, subject
/// to the xFilesFactor), unless a row written to this archive itself is later than every finer row of the slot, in
/// which case it holds that row; among rows of one archive and slot, the later accepted wins (the larger Timestamp,
/// then the one read last). A slot older than where the archive begins whose only finer row sits at its start is a row
/// ClickHouse's rollup already merged: it is taken as it is, its finer points being gone.
/// </summary>
public static class SlotFiller
{
    /// <param name="rows">The series' rows in the plan's range, in any order; this node's recent points last.</param>
    public static void Fill(SeriesLayout layout, ReadPlan plan, IReadOnlyList<PointRow> rows, long now, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rows);
        var archives = layout.Archives;
        long finest = archives[0].StepSeconds;
        var length = (int)((plan.End - plan.Start) / finest);
        var level = Direct(rows, 0, plan.Start, finest, length, archives);
        for (var archive = 1; archive <= plan.Archive; archive++)
        {
            long coarse = archives[archive].StepSeconds;
            long fine = archives[archive - 1].StepSeconds;
            var ratio = (int)(coarse / fine);
            var rolledBefore = now - archives[archive - 1].RetentionSeconds;
            var direct = Direct(rows, archive, plan.Start, coarse, level.Values.Length / ratio, archives);
            for (var i = 0; i < direct.Values.Length; i++)
            {
                var window = level.Values.AsSpan(i * ratio, ratio);
                var aggregated = RolledUp(window, plan.Start + (i * coarse) < rolledBefore) is { } merged
                    ? merged
                    : Aggregator.Aggregate(layout.Method, window, ratio, layout.XFilesFactor);
                var finerVersion = Max(level.Versions.AsSpan(i * ratio, ratio));
                if (double.IsNaN(direct.Values[i]) || (!double.IsNaN(aggregated) && finerVersion > direct.Versions[i]))
                {
                    direct.Values[i] = aggregated;
                }

                direct.Versions[i] = Math.Max(direct.Versions[i], finerVersion);
            }

            level = direct;
        }

        values.Fill(double.NaN);
        level.Values.AsSpan(0, Math.Min(level.Values.Length, values.Length)).CopyTo(values);
    }

    /// <summary>The slots of <paramref name="archive"/> from the rows written to it, the later accepted winning.</summary>
    private static Slots Direct(IReadOnlyList<PointRow> rows, int archive, long start, long step, int length, IReadOnlyList<ArchiveSpec> archives)
    {
        var slots = new Slots(length);
        var end = start + (length * step);
        foreach (var row in rows)
        {
            if (row.Time < start || row.Time >= end || ArchiveOf(row, archives) != archive)
            {
                continue;
            }

            var slot = (int)((row.Time - start) / step);
            if (double.IsNaN(slots.Values[slot]) || row.Timestamp >= slots.Versions[slot])
            {
                slots.Values[slot] = row.Value;
                slots.Versions[slot] = row.Timestamp;
            }
        }

        return slots;
    }

    /// <summary>The archive the embedded engine would have written the row to, by its age then (a row older than every
    /// archive, which Mine does not write but another tool may have: the coarsest). Mine writes a row at its slot's start
    /// (<see cref="SeriesLayout.StoredTime"/>), which makes it look up to a step older than its point was: one accepted
    /// less than a step before its archive's retention ended is taken as the next archive's, which changes at most the
    /// coarse slot holding it.</summary>
    private static int ArchiveOf(PointRow row, IReadOnlyList<ArchiveSpec> archives) =>
        SeriesLayout.ArchiveForAge(archives, (long)row.Timestamp - row.Time) is var archive and >= 0 ? archive : archives.Count - 1;

    /// <summary>A value ClickHouse's rollup merged: in an old slot, alone, at the slot's start.</summary>
    private static double? RolledUp(ReadOnlySpan<double> window, bool old)
    {
        if (!old || double.IsNaN(window[0]))
        {
            return null;
        }

        for (var i = 1; i < window.Length; i++)
        {
            if (!double.IsNaN(window[i]))
            {
                return null;
            }
        }

        return window[0];
    }

    private static uint Max(ReadOnlySpan<uint> versions)
    {
        var max = 0u;
        foreach (var version in versions)
        {
            max = Math.Max(max, version);
        }

        return max;
    }

    private sealed class Slots
    {
        public Slots(int length)
        {
            Values = new double[length];
            Values.AsSpan().Fill(double.NaN);
            Versions = new uint[length];
        }

        public double[] Values { get; }

        public uint[] Versions { get; }
    }
}

/// <summary>One row of the points table as a read gets it.</summary>
public readonly record struct PointRow(uint Time, double Value, uint Timestamp);
