using System.Buffers;
using System.Collections.Concurrent;
using Mine.Storage.Blocks;
using Mine.Storage.Parts;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    private static readonly TimeSpan RetentionSweepInterval = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<int, long> _minRetentionByStep = new();
    private long _lastFlushAt;
    private long _lastRetentionSweepAt;

    /// <summary>Flushes the head, merges every bucket down to one part and applies retention. For tests and benchmarks.</summary>
    public void CompactNow()
    {
        FlushNow();
        RunMaintenance(force: true);
    }

    private void StartMaintenance()
    {
        _lastFlushAt = Environment.TickCount64;
        _maintenanceThread = new Thread(MaintenanceLoop) { IsBackground = true, Name = "mine-maintenance" };
        _maintenanceThread.Start();
    }

    /// <summary>
    /// Timed flushes, merges and retention. Nothing may end this loop but shutdown: any failure is logged, shown on
    /// /health through <see cref="Loops"/>, and retried at the next interval.
    /// </summary>
    private void MaintenanceLoop()
    {
        if (_options.MaintenanceNice > 0)
        {
            Mine.Core.Threading.ThreadNice.Set(Math.Clamp(_options.MaintenanceNice, 0, 19));
        }

        _maintenanceHealth.Beat();
        while (!_stopping.Token.WaitHandle.WaitOne(_options.MaintenanceInterval))
        {
            try
            {
                if (Environment.TickCount64 - _lastFlushAt > _options.FlushInterval.TotalMilliseconds)
                {
                    _lastFlushAt = Environment.TickCount64;
                    FlushNow();
                }

                RunMaintenance(force: false);
                _maintenanceHealth.Succeeded();
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                _maintenanceHealth.Failed(ex.Message);
                _options.Log($"maintenance failed, will retry: {ex.GetType().Name}: {ex.Message}");
            }
            catch (ObjectDisposedException)
            {
                break;
            }
        }

        _maintenanceHealth.Stopped();
    }

    private void RunMaintenance(bool force)
    {
        _mergeLock.Wait();
        try
        {
            var now = NowSeconds();
            var sweepRetention = force || Environment.TickCount64 - _lastRetentionSweepAt > RetentionSweepInterval.TotalMilliseconds;
            if (sweepRetention)
            {
                _lastRetentionSweepAt = Environment.TickCount64;
            }

            var state = Volatile.Read(ref _state);
            foreach (var (step, parts) in state.PartsByStep)
            {
                var i = 0;
                while (i < parts.Length)
                {
                    var j = i;
                    while (j < parts.Length && parts[j].Header.BucketStart == parts[i].Header.BucketStart)
                    {
                        j++;
                    }

                    var bucketParts = parts[i..j];
                    var damaged = bucketParts.Any(static p => p.Damaged);
                    var hotBucket = parts[i].Header.BucketEnd > now - BucketSpan(step) / 4;
                    var merge = bucketParts.Length >= _options.MergeFanIn || (bucketParts.Length > 1 && (force || !hotBucket));
                    if (merge || damaged || (sweepRetention && HasExpiredBlocks(bucketParts, step, now)))
                    {
                        MergeBucket(step, bucketParts, now);
                    }

                    i = j;
                }
            }
        }
        finally
        {
            _mergeLock.Release();
        }
    }

    private bool HasExpiredBlocks(PartReader[] parts, int step, long now)
    {
        if (!_minRetentionByStep.TryGetValue(step, out var minRetention) || parts[0].Header.BucketStart > now - minRetention)
        {
            return false;
        }

        foreach (var part in parts)
        {
            for (var e = 0; e < part.EntryCount; e++)
            {
                var entry = part.EntryAt(e);
                if (IsExpired(entry, step, now))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsExpired(in PartEntry entry, int step, long now) =>
        KnownSeries(entry) is { } info
        && entry.FirstSlotTime + (long)entry.SlotCount * step <= now - info.Archives[entry.Archive].RetentionSeconds;

    /// <summary>
    /// The series of a block, or null when series.log does not have it (its torn tail was cut off at start while
    /// parts kept blocks of those ids) or not that archive. Such blocks have no retention to apply: merges keep
    /// them as they are rather than fail (found by the store fuzz target: the maintenance thread threw).
    /// </summary>
    private SeriesInfo? KnownSeries(in PartEntry entry) =>
        (uint)entry.SeriesId < (uint)_catalog.Count && _catalog.Get(entry.SeriesId) is { } info && entry.Archive < info.Archives.Length ? info : null;

    /// <summary>
    /// Merges all parts of one bucket into one: newest generation wins per slot, blocks wholly past their series'
    /// retention are dropped — after their values are rolled up into the next coarser archive, as whisper keeps
    /// them there — and untouched blocks are copied without re-encoding.
    /// </summary>
    private void MergeBucket(int step, PartReader[] parts, long now)
    {
        long minGeneration = long.MaxValue, generation = 0, walEnd = 0;
        foreach (var part in parts)
        {
            minGeneration = Math.Min(minGeneration, part.Header.MinGeneration);
            generation = Math.Max(generation, part.Header.Generation);
            walEnd = Math.Max(walEnd, part.Header.WalSegmentEnd);
        }

        var header = parts[0].Header;
        var rollups = new List<(int Series, int Archive, long Time, double Value)>();
        string mergedPath;
        bool keptNothing;
        using (var writer = new PartWriter(StepDirectory(step), step, header.BucketStart, header.BucketEnd, generation, minGeneration))
        {
            MergeEntries(parts, step, now, writer, rollups);

            // Rolled-up points go through the WAL before the output that lacks their fine data exists: a crash
            // between the two leaves the inputs in place and the rollups in the WAL, and a redo writes the same slots.
            if (rollups.Count > 0)
            {
                WriteDerived(rollups);
                _faults.Hit(FaultPoints.MergeRollupsLogged);
            }

            // Written even when every block expired: an empty output still covers its inputs' generations, so a crash
            // while they are deleted one by one leaves none behind for a later merge to roll up again from a
            // fraction of its minutes (recovery deletes inputs an output covers, then empty parts).
            keptNothing = writer.EntryCount == 0;
            mergedPath = writer.Complete(minGeneration, generation, walEnd);
            _faults.Hit(FaultPoints.MergeOutputWritten);
        }

        var merged = keptNothing ? null : PartReader.Open(mergedPath);
        lock (_writeLock)
        {
            _state = _state with { PartsByStep = WithParts(_state.PartsByStep, merged is null ? [] : [merged], parts) };
        }

        foreach (var part in parts)
        {
            if (part.Damaged)
            {
                // Its sound blocks are in the output; the file is kept aside for whoever investigates the disk.
                var quarantine = Path.Combine(_options.DataDirectory, "corrupt");
                _options.Log($"part {Path.GetFileName(part.Path)} had a damaged block ({part.Damage}); merged without it, moved to {quarantine}");
                part.Quarantine(quarantine);
            }
            else
            {
                part.Retire(deleteFile: true);
            }

            _faults.Hit(FaultPoints.MergeInputDeleted);
        }

        _faults.Hit(FaultPoints.MergeInputsDeleted);
        if (keptNothing)
        {
            File.Delete(mergedPath);
        }

        Interlocked.Increment(ref Counters.Merges);
    }

    private void MergeEntries(PartReader[] parts, int step, long now, PartWriter writer, List<(int, int, long, double)> rollups)
    {
        var scans = new PartScan[parts.Length];
        var union = ArrayPool<double>.Shared.Rent(4096);
        var block = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var decoded = ArrayPool<double>.Shared.Rent(4096);
        var sources = new List<(PartScan Scan, PartEntry Entry)>(parts.Length);
        try
        {
            for (var p = 0; p < parts.Length; p++)
            {
                scans[p] = new PartScan(parts[p]);
            }

            while (true)
            {
                var key = long.MaxValue;
                foreach (var scan in scans)
                {
                    if (scan.HasCurrent)
                    {
                        key = Math.Min(key, scan.Current.Key);
                    }
                }

                if (key == long.MaxValue)
                {
                    return;
                }

                sources.Clear();
                long first = long.MaxValue, end = long.MinValue;
                foreach (var scan in scans)
                {
                    if (scan.HasCurrent && scan.Current.Key == key)
                    {
                        var entry = scan.Current;
                        scan.MoveNext();
                        sources.Add((scan, entry));
                        first = Math.Min(first, entry.FirstSlotTime);
                        end = Math.Max(end, entry.FirstSlotTime + (long)entry.SlotCount * step);
                    }
                }

                var info = KnownSeries(sources[0].Entry);
                var archive = sources[0].Entry.Archive;
                var expired = info is not null && end <= now - info.Archives[archive].RetentionSeconds;
                if (sources.Count == 1 && !expired)
                {
                    var only = sources[0];
                    EnsureCapacity(ref block, only.Entry.Length);
                    if (TryReadBlock(only.Scan, only.Entry, block))
                    {
                        writer.AddEncoded(only.Entry, block.AsSpan(0, only.Entry.Length));
                    }

                    continue;
                }

                var count = (int)((end - first) / step);
                EnsureCapacity(ref union, count);
                var slots = union.AsSpan(0, count);
                slots.Fill(double.NaN);
                foreach (var (scan, entry) in sources)
                {
                    // Oldest generation first (parts are sorted by generation), so newer values overwrite older ones.
                    EnsureCapacity(ref block, entry.Length);
                    EnsureCapacity(ref decoded, entry.SlotCount);
                    var values = decoded.AsSpan(0, entry.SlotCount);
                    if (!TryReadBlock(scan, entry, block) || !TryDecode(scan, entry, block, values))
                    {
                        continue;
                    }

                    var offset = (int)((entry.FirstSlotTime - first) / step);
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (!double.IsNaN(values[i]))
                        {
                            slots[offset + i] = values[i];
                        }
                    }
                }

                if (expired)
                {
                    CollectRollups(info!, archive, first, slots, rollups);
                    Interlocked.Increment(ref Counters.BlocksDropped);
                    continue;
                }

                writer.Add(sources[0].Entry.SeriesId, archive, first, slots);
            }
        }
        finally
        {
            foreach (var scan in scans)
            {
                scan?.Dispose();
            }

            ArrayPool<double>.Shared.Return(union);
            ArrayPool<double>.Shared.Return(decoded);
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>
    /// Reads a block for a merge; a block that fails its checksum is left out of the output (its slots are lost,
    /// the rest of the bucket is kept), counted, and its part is marked for quarantine once the merge is done.
    /// </summary>
    private bool TryReadBlock(PartScan scan, in PartEntry entry, byte[] block)
    {
        try
        {
            scan.Part.ReadBlock(scan.File, entry, block);
            return true;
        }
        catch (InvalidDataException ex)
        {
            LoseDamagedBlock(scan.Part, ex);
            return false;
        }
    }

    private bool TryDecode(PartScan scan, in PartEntry entry, byte[] block, Span<double> values)
    {
        try
        {
            ValueBlockCodec.Decode(block.AsSpan(0, entry.Length), values);
            return true;
        }
        catch (InvalidDataException ex)
        {
            LoseDamagedBlock(scan.Part, ex);
            return false;
        }
    }

    private void LoseDamagedBlock(PartReader part, InvalidDataException ex)
    {
        part.MarkDamaged(ex.Message);
        Interlocked.Increment(ref Counters.BlocksLostToDamage);
        _options.Log($"merge: {ex.Message} The block is left out; the rest of its bucket is kept.");
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            ArrayPool<T>.Shared.Return(buffer);
            buffer = ArrayPool<T>.Shared.Rent(length);
        }
    }

    /// <summary>A merge's cursor over one input part: its index read once with ordinary reads, and an open file.</summary>
    private sealed class PartScan : IDisposable
    {
        private readonly byte[] _index;
        private int _position;

        public PartScan(PartReader part)
        {
            Part = part;
            File = System.IO.File.OpenHandle(part.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _index = ArrayPool<byte>.Shared.Rent(Math.Max(1, part.EntryCount * PartFormat.EntrySize));
            part.ReadIndex(_index.AsSpan(0, part.EntryCount * PartFormat.EntrySize));
            Load();
        }

        public PartReader Part { get; }

        public Microsoft.Win32.SafeHandles.SafeFileHandle File { get; }

        public bool HasCurrent { get; private set; }

        public PartEntry Current { get; private set; }

        public void MoveNext()
        {
            _position++;
            Load();
        }

        public void Dispose()
        {
            File.Dispose();
            ArrayPool<byte>.Shared.Return(_index);
        }

        private void Load()
        {
            HasCurrent = _position < Part.EntryCount;
            if (HasCurrent)
            {
                Current = PartEntry.Read(_index.AsSpan(_position * PartFormat.EntrySize, PartFormat.EntrySize));
            }
        }
    }

    private static void CollectRollups(SeriesInfo info, int archive, long first, ReadOnlySpan<double> slots, List<(int, int, long, double)> rollups)
    {
        if (archive + 1 >= info.Archives.Length)
        {
            return;
        }

        long fineStep = info.Archives[archive].StepSeconds;
        long coarseStep = info.Archives[archive + 1].StepSeconds;
        var ratio = (int)(coarseStep / fineStep);
        var end = first + slots.Length * fineStep;
        var fine = new double[ratio];
        for (var coarse = first - first % coarseStep; coarse < end; coarse += coarseStep)
        {
            for (var k = 0; k < ratio; k++)
            {
                var t = coarse + k * fineStep;
                fine[k] = t >= first && t < end ? slots[(int)((t - first) / fineStep)] : double.NaN;
            }

            var value = Aggregator.Aggregate(info.Method, fine, ratio, info.XFilesFactor);
            if (!double.IsNaN(value))
            {
                rollups.Add((info.Id, archive + 1, coarse, value));
            }
        }
    }

    /// <summary>Writes rolled-up points straight to a given archive (not chosen by age), through the WAL.</summary>
    private void WriteDerived(List<(int Series, int Archive, long Time, double Value)> points)
    {
        lock (_writeLock)
        {
            var at = 0;
            while (at < points.Count)
            {
                var count = Math.Min(4096, points.Count - at);
                EnsureScratch(count);
                for (var i = 0; i < count; i++)
                {
                    var (series, archive, time, value) = points[at + i];
                    _batchSeries[i] = series;
                    _batchArchive[i] = (byte)archive;
                    _batchSlot[i] = (uint)time;
                    _batchValue[i] = value;
                }

                AppendLocked(count);
                at += count;
            }
        }
    }
}
