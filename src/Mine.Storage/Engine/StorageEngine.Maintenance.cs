using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine
{
    /// <summary>Flushes the head, merges every bucket down to one part and applies retention. For tests and benchmarks.</summary>
    public void CompactNow()
    {
        FlushNow();
        RunMaintenance(force: true);
    }

    /// <summary>One maintenance round (see <see cref="MaintenanceWorker"/>): merges the buckets that need it and applies retention.</summary>
    private void RunMaintenance(bool force)
    {
        _mergeLock.Wait();
        try
        {
            var now = NowSeconds();
            var sweepRetention = _retention.StartIfDue(force);
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
                    if (merge || damaged || (sweepRetention && _retention.HasExpiredBlocks(bucketParts, step, now)))
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

    /// <summary>
    /// Merges all parts of one bucket into one (the blocks: <see cref="BucketMerger"/>), logs the rollups of the
    /// blocks it dropped, publishes the output in place of the inputs and deletes them; each durable step is a
    /// fault point (docs/storage-format.md, "Retention and rollup").
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
            _merger.Merge(parts, step, now, writer, rollups);

            // Rolled-up points go through the WAL before the output that lacks their fine data exists: a crash
            // between the two leaves the inputs in place and the rollups in the WAL, and a redo writes the same slots.
            if (rollups.Count > 0)
            {
                WriteRollups(rollups);
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
}
