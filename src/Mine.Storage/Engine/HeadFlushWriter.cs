using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

/// <summary>
/// What a flush writes: a frozen head's points as part files, one per archive step and time bucket. The commit
/// (checkpoint, WAL trim, publishing the parts) is the engine's.
/// </summary>
internal sealed class HeadFlushWriter(SeriesCatalog catalog, Func<int, string> stepDirectory, StorageCounters counters, FaultInjector faults)
{
    /// <summary>Deletes parts of a flush that did not commit, so a retry under a new generation leaves no copies.</summary>
    public static void RetireUnpublished(IEnumerable<PartReader> parts)
    {
        foreach (var part in parts)
        {
            try
            {
                part.Retire(deleteFile: true);
            }
            catch (IOException)
            {
                // Left for recovery, which deletes parts the checkpoint does not cover.
            }
        }
    }

    /// <summary>
    /// Writes every chain of <paramref name="head"/> into new part files of generation <paramref name="generation"/>,
    /// one per step and bucket, each claiming the WAL before <paramref name="walEnd"/>, and opens them. They are not
    /// committed (the engine's checkpoint does that) nor published; on failure none is left.
    /// </summary>
    public List<PartReader> Write(HeadLog head, long generation, long walEnd)
    {
        var chainCount = head.ActiveChains.Count;
        var chains = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, chainCount));
        for (var c = 0; c < chainCount; c++)
        {
            chains[c] = head.ActiveChains[c];
        }

        Array.Sort(chains, 0, chainCount);
        var writers = new Dictionary<(int Step, long Bucket), PartWriter>();
        var points = new List<(uint SlotTime, double Value)>();
        var slots = new double[1024];
        PartWriter Writer(int step, long bucket)
        {
            if (!writers.TryGetValue((step, bucket), out var writer))
            {
                writer = new PartWriter(stepDirectory(step), step, bucket, bucket + StorageEngine.BucketSpan(step), generation);
                writers[(step, bucket)] = writer;
            }

            return writer;
        }

        try
        {
            foreach (var chain in chains.AsSpan(0, chainCount))
            {
                var seriesId = chain / SeriesInfo.MaxArchives;
                var archive = chain % SeriesInfo.MaxArchives;
                var step = catalog.Get(seriesId).Archives[archive].StepSeconds;
                // Common case: the chain lies in one bucket. Fill its block straight from the chain (newest value
                // per slot wins), without building and sorting a list of its points.
                var (firstSlot, lastSlot) = head.ChainRange(chain);
                var bucket = StorageEngine.BucketStart(firstSlot, step);
                if (StorageEngine.BucketStart(lastSlot, step) == bucket)
                {
                    var count = (int)((lastSlot - firstSlot) / (uint)step) + 1;
                    var span = Slots(ref slots, count);
                    head.Overlay(seriesId, archive, firstSlot, step, span);
                    Writer(step, bucket).Add(seriesId, archive, firstSlot, span);
                    continue;
                }

                head.Collect(chain, points);
                var i = 0;
                while (i < points.Count)
                {
                    bucket = StorageEngine.BucketStart(points[i].SlotTime, step);
                    var bucketEnd = bucket + StorageEngine.BucketSpan(step);
                    var j = i;
                    while (j < points.Count && points[j].SlotTime < bucketEnd)
                    {
                        j++;
                    }

                    long first = points[i].SlotTime;
                    var span = Slots(ref slots, (int)((points[j - 1].SlotTime - first) / step) + 1);
                    for (var k = i; k < j; k++)
                    {
                        span[(int)((points[k].SlotTime - first) / step)] = points[k].Value;
                    }

                    Writer(step, bucket).Add(seriesId, archive, first, span);
                    i = j;
                }
            }

            var readers = new List<PartReader>(writers.Count);
            try
            {
                foreach (var writer in writers.Values)
                {
                    readers.Add(PartReader.Open(writer.Complete(generation, generation, walEnd)));
                    Interlocked.Increment(ref counters.PartsWritten);
                    faults.Hit(FaultPoints.FlushPartWritten);
                }
            }
            catch
            {
                RetireUnpublished(readers);
                throw;
            }

            return readers;
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(chains);
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>A NaN-filled span of <paramref name="count"/> slots from a reusable buffer.</summary>
    private static Span<double> Slots(ref double[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new double[Math.Max(count, buffer.Length * 2)];
        }

        var span = buffer.AsSpan(0, count);
        span.Fill(double.NaN);
        return span;
    }
}
