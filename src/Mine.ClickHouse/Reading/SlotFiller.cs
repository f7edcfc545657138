using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Reading;

/// <summary>
/// Turns the rows ClickHouse holds for one series into the slots of a read, as the embedded engine answers it:
/// a slot of the finest archive holds the point accepted last (the largest Timestamp) among the points whose time
/// falls in it; a coarser archive's slot is whisper's aggregation of the finer archive's slots, archive by archive,
/// subject to the xFilesFactor. A row ClickHouse already rolled up (older than a coarser archive's age, at that
/// archive's step, alone in its slot) is taken as that archive's value, since its finer points are gone.
/// </summary>
public static class SlotFiller
{
    /// <param name="rows">The series' rows in the range, in any order.</param>
    public static void Fill(SeriesLayout layout, ReadPlan plan, IReadOnlyList<PointRow> rows, long now, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rows);
        values.Fill(double.NaN);
        if (plan.Archive == 0)
        {
            FillFinest(layout.Archives[0].StepSeconds, plan.Start, rows, values);
            return;
        }

        // Build the archives from the finest up to the one read, over the span the read covers.
        var finest = layout.Archives[0].StepSeconds;
        var start = plan.Start;
        var end = plan.End;
        var level = new double[(int)((end - start) / finest)];
        level.AsSpan().Fill(double.NaN);
        FillFinest(finest, start, rows, level);
        long step = finest;
        for (var archive = 1; archive <= plan.Archive; archive++)
        {
            long coarse = layout.Archives[archive].StepSeconds;
            var ratio = (int)(coarse / step);
            var next = new double[level.Length / ratio];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = Aggregator.Aggregate(layout.Method, level.AsSpan(i * ratio, ratio), ratio, layout.XFilesFactor);
            }

            // Rows ClickHouse rolled up to this archive's step: alone in their coarse slot, at its start, older than
            // the age where this archive begins. Their slot takes their value as it is.
            var age = layout.Archives[archive - 1].RetentionSeconds;
            RolledUp(rows, start, coarse, finest, now - age, next);
            level = next;
            step = coarse;
        }

        level.AsSpan(0, Math.Min(level.Length, values.Length)).CopyTo(values);
    }

    private static void FillFinest(long step, long start, IReadOnlyList<PointRow> rows, Span<double> slots)
    {
        Span<uint> versions = slots.Length <= 4096 ? stackalloc uint[slots.Length] : new uint[slots.Length];
        versions.Clear();
        var end = start + (slots.Length * step);
        foreach (var row in rows)
        {
            if (row.Time < start - (start % step) || row.Time >= end)
            {
                continue;
            }

            var slot = (int)((row.Time - (row.Time % step) - start) / step);
            if (slot < 0 || slot >= slots.Length)
            {
                continue;
            }

            if (double.IsNaN(slots[slot]) || row.Timestamp >= versions[slot])
            {
                slots[slot] = row.Value;
                versions[slot] = row.Timestamp;
            }
        }
    }

    private static void RolledUp(IReadOnlyList<PointRow> rows, long start, long coarse, long finest, long olderThan, double[] slots)
    {
        if (start >= olderThan)
        {
            return;
        }

        // Count the distinct fine times per coarse slot: a rolled-up row is the only one in its slot.
        var counts = new Dictionary<int, (int Count, long Time, double Value)>();
        foreach (var row in rows)
        {
            if (row.Time < start || row.Time >= olderThan)
            {
                continue;
            }

            var slot = (int)((row.Time - start) / coarse);
            if (slot >= slots.Length)
            {
                continue;
            }

            var fine = row.Time - (row.Time % finest);
            counts[slot] = counts.TryGetValue(slot, out var seen)
                ? (seen.Time == fine ? seen.Count : seen.Count + 1, seen.Time, seen.Value)
                : (1, fine, row.Value);
        }

        foreach (var (slot, seen) in counts)
        {
            if (seen.Count == 1 && seen.Time % coarse == 0)
            {
                slots[slot] = seen.Value;
            }
        }
    }
}

/// <summary>One row of the points table as a read gets it.</summary>
public readonly record struct PointRow(uint Time, double Value, uint Timestamp);
