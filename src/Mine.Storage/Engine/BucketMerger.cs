using System.Buffers;
using Mine.Storage.Blocks;
using Mine.Storage.Parts;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

/// <summary>
/// The blocks of a merge: all parts of one bucket into one writer, newest generation winning per slot; blocks wholly
/// past their series' retention are left out after their values are rolled up for the next coarser archive, as
/// whisper keeps them there; blocks only one part holds are copied without re-encoding; a block that fails its
/// checksum or does not decode is left out, counted, and its part marked for quarantine. Writes nothing but the
/// writer's output: the engine logs the rollups and publishes the result.
/// </summary>
internal sealed class BucketMerger(SeriesCatalog catalog, StorageCounters counters, Action<string> log)
{
    public void Merge(PartReader[] parts, int step, long now, PartWriter writer, List<(int Series, int Archive, long Time, double Value)> rollups)
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

                var info = catalog.OwnerOf(sources[0].Entry);
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
                    Interlocked.Increment(ref counters.BlocksDropped);
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
        Interlocked.Increment(ref counters.BlocksLostToDamage);
        log($"merge: {ex.Message} The block is left out; the rest of its bucket is kept.");
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
}
