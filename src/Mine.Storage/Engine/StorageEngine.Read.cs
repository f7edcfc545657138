using System.Buffers;
using Mine.Core.Buffers;
using Mine.Core.Errors;
using Mine.Core.Series;
using Mine.Storage.Index;
using Mine.Storage.Parts;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    public IReadOnlyList<MetricNode> Find(string glob, int limit = int.MaxValue) => _nameIndex.Find(glob, limit);

    public FoldedFind FindFolded(string glob, int limit = int.MaxValue) => _nameIndex.FindFolded(glob, limit);

    /// <summary>Leaves matching a glob; each handle's key is the series id (no branch nodes).</summary>
    public IReadOnlyList<SeriesHandle> FindSeries(string glob, int limit = int.MaxValue) => _nameIndex.FindLeaves(glob, limit);

    public long? MaxRetentionSeconds(string name) => TryGetSeriesId(name, out var id) ? _catalog.Get(id).MaxRetentionSeconds : null;

    public IEnumerable<string> AllNames()
    {
        foreach (var info in _catalog.All())
        {
            yield return info.Name;
        }
    }

    public FetchedSeries? Fetch(string name, long from, long until, long now)
        => TryGetSeriesId(name, out var id) ? Fetch(id, from, until, now, values: null, name: null, held: null) : null;

    public FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null)
        => IsSeriesId(series.Key) ? Fetch((int)series.Key, from, until, now, values, series.Name, held: null) : null;

    public long PointsToRead(SeriesHandle series, long from, long until, long now)
        => IsSeriesId(series.Key) ? PlanRead(_catalog.Get((int)series.Key), from, until, now)?.Length ?? 0 : 0;

    /// <summary>A key this engine issued: handles from another store, or made up, read as unknown instead of failing.</summary>
    private bool IsSeriesId(long key) => (ulong)key < (ulong)_catalog.Count;

    /// <summary>
    /// Reads a series by id from a state a <see cref="ReadSession"/> holds, or taking references per read when
    /// <paramref name="held"/> is null. <paramref name="name"/> is the series' name when the caller has it already
    /// (a glob's match), so it is not decoded again.
    /// </summary>
    private FetchedSeries? Fetch(int id, long from, long until, long now, ValueArrayLease? values, string? name, EngineState? held)
    {
        var info = _catalog.Get(id);
        if (PlanRead(info, from, until, now) is not { } plan)
        {
            return null;
        }

        // Every slot is written (NaN first), so the array need not be zeroed: 12 MB per wide read.
        var array = values?.Rent(plan.Length) ?? GC.AllocateUninitializedArray<double>(plan.Length);
        ReadArchive(info, plan.Archive, plan.Start, array, now, held);
        return new FetchedSeries(name ?? info.Name, plan.Start, plan.Start + (plan.Length * plan.Step), plan.Step, array)
        {
            ConsolidationFunction = info.Method.ToCarbonName(),
            XFilesFactor = info.XFilesFactor,
        };
    }

    /// <summary>whisper.file_fetch's choice of archive and slots for a range; null when the range holds nothing.</summary>
    private static ReadPlan? PlanRead(SeriesInfo info, long from, long until, long now)
    {
        if (from > until)
        {
            throw new ArgumentException($"Invalid time interval: from time '{from}' is after until time '{until}'.");
        }

        // whisper.file_fetch: clip to what the archives can hold, then pick the first archive covering now - from.
        var oldest = now - info.MaxRetentionSeconds;
        if (from > now || until < oldest)
        {
            return null;
        }

        from = Math.Max(from, oldest);
        until = Math.Min(until, now);
        var archive = info.ArchiveForRead(now - from);
        long step = info.Archives[archive].StepSeconds;
        var fromInterval = from - from % step + step;
        var untilInterval = until - until % step + step;
        if (fromInterval == untilInterval)
        {
            untilInterval += step; // whisper: a zero-length range still returns the next point
        }

        return new ReadPlan(archive, fromInterval, step, (int)((untilInterval - fromInterval) / step));
    }

    private readonly record struct ReadPlan(int Archive, long Start, long Step, int Length);

    private bool TryGetSeriesId(string name, out int id) => _nameIndex.TryGetId(name, out id);

    /// <summary>
    /// Fills <paramref name="values"/> (slot i = start + i*step) from one archive: stored data oldest layer first
    /// (parts by generation, the frozen head, the active head). For a coarse archive, slots whose finer data still
    /// exists are computed from it with the series' aggregation and xFilesFactor, which is exactly what whisper's
    /// write-time propagation would have stored there; older slots come from the coarse archive itself.
    /// </summary>
    private void ReadArchive(SeriesInfo info, int archive, long start, Span<double> values, long now, EngineState? held)
    {
        values.Fill(double.NaN);
        long step = info.Archives[archive].StepSeconds;
        if (held is not null)
        {
            OverlayHeld(held, info.Id, archive, (int)step, start, values);
        }
        else
        {
            OverlayStored(info.Id, archive, (int)step, start, values);
        }
        if (archive == 0)
        {
            return;
        }

        var fine = info.Archives[archive - 1];
        var ratio = (int)(step / fine.StepSeconds);
        var end = start + values.Length * step;
        // Fine data past its retention is rolled up and dropped by the next merge of its bucket; until then it is the
        // only copy, so its coarse slots are computed from it however old it is (a merge cut short by a crash, or
        // maintenance that stalled, must not make them read empty). Normally the oldest fine part is younger
        // than the usual horizon and nothing more is read.
        var state = held ?? Volatile.Read(ref _state);
        var horizon = Math.Min(
            Math.Min(now - fine.RetentionSeconds - 2 * BucketSpan(fine.StepSeconds), OldestBucketStart(state, fine.StepSeconds)),
            OldestHeadSlot(state, archive - 1));
        var computeFrom = Math.Max(start, horizon - ((horizon % step) + step) % step);
        if (computeFrom >= end)
        {
            return;
        }

        var coarseSlots = (int)((end - computeFrom) / step);
        // Pooled: a year-long read of a fleet computes two weeks of minutes per series, and a fresh array each time
        // (176 KB, on the large-object heap) made every such render run dozens of full collections.
        var rented = ArrayPool<double>.Shared.Rent(coarseSlots * ratio);
        try
        {
            var fineValues = rented.AsSpan(0, coarseSlots * ratio);
            ReadArchive(info, archive - 1, computeFrom, fineValues, now, held);
            RollUpFromFine(info, values[(int)((computeFrom - start) / step)..], step, computeFrom, ratio, fineValues, OldestSlotInReach(now, fine));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes each coarse slot from <paramref name="computeFrom"/> on (<paramref name="values"/> starts there) as the
    /// aggregate of its fine slots.
    /// </summary>
    private static void RollUpFromFine(SeriesInfo info, Span<double> values, long step, long computeFrom, int ratio, ReadOnlySpan<double> fineValues, long fineReach)
    {
        // A coarse slot that begins before the finer archive's oldest slot in reach (fineReach) has lost some of its
        // fine points to retention: its stored value (imported from whisper, which computed it from all of them, or
        // the rollup's) wins over one computed from the points left. Live data has no stored value there until the
        // rollup, which computes it from the same complete fine data, so only imported series read differently.
        var coarseSlots = fineValues.Length / ratio;
        for (var j = 0; j < coarseSlots; j++)
        {
            var aggregated = Aggregator.Aggregate(info.Method, fineValues.Slice(j * ratio, ratio), ratio, info.XFilesFactor);
            if (!double.IsNaN(aggregated) && (computeFrom + (j * step) >= fineReach || double.IsNaN(values[j])))
            {
                values[j] = aggregated;
            }
        }
    }

    /// <summary>The oldest slot of an archive a whisper fetch at <paramref name="now"/> returns (whisper's fromInterval).</summary>
    private static long OldestSlotInReach(long now, ArchiveSpec archive)
    {
        var from = now - archive.RetentionSeconds;
        return from - (((from % archive.StepSeconds) + archive.StepSeconds) % archive.StepSeconds) + archive.StepSeconds;
    }

    /// <summary>
    /// The oldest slot either head holds for an archive index (of any series): a point replayed from the WAL after a
    /// long stop can be older than its archive's retention, and it reads the same before and after the flush.
    /// </summary>
    private static long OldestHeadSlot(EngineState state, int archive) =>
        Math.Min(state.Active.OldestSlotTime(archive), state.Frozen?.OldestSlotTime(archive) ?? long.MaxValue);

    private static long OldestBucketStart(EngineState state, int step) =>
        state.PartsByStep.TryGetValue(step, out var parts) && parts.Length > 0 ? parts[0].Header.BucketStart : long.MaxValue;

    private void OverlayStored(int seriesId, int archive, int step, long start, Span<double> values)
    {
        var end = start + values.Length * (long)step;
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (!TryOverlayParts(state, seriesId, archive, step, start, end, values))
            {
                continue; // a merge retired a part under us; take the new state and start again
            }

            var frozen = state.Frozen;
            if (frozen is not null && !frozen.TryAcquire())
            {
                values.Fill(double.NaN);
                continue; // flushed and recycled meanwhile: its points are in the new parts
            }

            if (!state.Active.TryAcquire())
            {
                frozen?.Release();
                values.Fill(double.NaN);
                continue;
            }

            try
            {
                frozen?.Overlay(seriesId, archive, start, step, values);
                state.Active.Overlay(seriesId, archive, start, step, values);
            }
            finally
            {
                state.Active.Release();
                frozen?.Release();
            }

            return;
        }
    }

    /// <summary>The layers of a state whose parts and heads are already held (see <see cref="ReadSession"/>).</summary>
    private static void OverlayHeld(EngineState state, int seriesId, int archive, int step, long start, Span<double> values)
    {
        TryOverlayParts(state, seriesId, archive, step, start, start + values.Length * (long)step, values, acquire: false);
        state.Frozen?.Overlay(seriesId, archive, start, step, values);
        state.Active.Overlay(seriesId, archive, start, step, values);
    }

    /// <summary>
    /// The state's parts oldest first; with <paramref name="acquire"/> each is held only while it is copied from,
    /// and false means a merge retired one under us (values reset to NaN).
    /// </summary>
    private static bool TryOverlayParts(EngineState state, int seriesId, int archive, int step, long start, long end, Span<double> values, bool acquire = true)
    {
        if (!state.PartsByStep.TryGetValue(step, out var parts))
        {
            return true;
        }

        var untouched = true; // values is all NaN until a part writes into it
        foreach (var part in parts)
        {
            if (part.Header.BucketEnd <= start || part.Header.BucketStart >= end)
            {
                continue;
            }

            if (acquire && !part.TryAcquire())
            {
                values.Fill(double.NaN);
                return false;
            }

            try
            {
                untouched &= !part.Overlay(seriesId, archive, start, step, values, untouched);
            }
            finally
            {
                if (acquire)
                {
                    part.Release();
                }
            }
        }

        return true;
    }
}
