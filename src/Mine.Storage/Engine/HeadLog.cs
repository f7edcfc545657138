using System.Runtime.CompilerServices;

namespace Mine.Storage.Engine;

/// <summary>
/// The in-memory head: recent points not yet in a part file, stored column-wise in fixed arrays (16 bytes per
/// point) and chained per (series, archive) newest-first. Why a log and not per-series slot arrays: it costs the
/// same for sparse and dense series, out-of-order and backfilled points need no special path, and the whole head
/// is frozen and flushed with one pointer swap.
/// <para>Concurrency: one writer (the engine's write lock) appends; readers walk chains without locks. An entry is
/// fully written before the chain head that points to it is published, and entries never change afterwards.</para>
/// </summary>
internal sealed class HeadLog
{
    // One 16-byte entry per point, interleaved: walking a chain touches one cache line per point, not three.
    private readonly Entry[] _entries;
    private int[] _chainHeads; // index: seriesId * MaxArchives + archive; value: entry index + 1 (0 = empty)
    private readonly List<int> _activeChains = new();
    // The oldest slot time per archive index, over every series: a coarse read computes its slots from finer data as
    // far back as that data exists, and a point replayed from the WAL after a long stop may be older than the finer
    // archive's retention while it is only in the head (docs/storage-format.md, "Reads").
    private readonly uint[] _oldestSlotTime = CreateOldestSlotTimes();
    private int _count;
    private ReferenceCount _references = new();

    public HeadLog(int capacity, int seriesCapacity)
    {
        _entries = new Entry[capacity];
        _chainHeads = new int[Math.Max(1024, seriesCapacity) * SeriesInfo.MaxArchives];
    }

    public int Capacity => _entries.Length;

    /// <summary>Called when the last reference is released: the engine recycles the arrays for the next head.</summary>
    public Action<HeadLog>? Released { get; set; }

    public bool TryAcquire() => _references.TryAcquire();

    public void Release()
    {
        if (_references.Release())
        {
            Released?.Invoke(this);
        }
    }

    /// <summary>
    /// Empties a released head for reuse. Reusing the 64 MiB of arrays instead of allocating new ones keeps the
    /// large-object heap flat and saves the page faults of touching fresh memory (seen in ingest profiles).
    /// </summary>
    public void Reset()
    {
        foreach (var chain in _activeChains)
        {
            _chainHeads[chain] = 0;
        }

        _activeChains.Clear();
        _oldestSlotTime.AsSpan().Fill(uint.MaxValue);
        _count = 0;
        _references.Reset();
    }

    public int Count => Volatile.Read(ref _count);

    public bool IsFull => _count >= _entries.Length;

    /// <summary>Chains (series * MaxArchives + archive) that hold points, in first-write order. Writer side only.</summary>
    public IReadOnlyList<int> ActiveChains => _activeChains;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(int seriesId, int archive, uint slotTime, double value)
    {
        var chain = seriesId * SeriesInfo.MaxArchives + archive;
        if (chain >= _chainHeads.Length)
        {
            GrowChains(chain);
        }

        var index = _count;
        var previous = _chainHeads[chain];
        _entries[index] = new Entry(slotTime, previous, value);
        if (previous == 0)
        {
            _activeChains.Add(chain);
        }

        if (slotTime < _oldestSlotTime[archive])
        {
            Volatile.Write(ref _oldestSlotTime[archive], slotTime);
        }

        Volatile.Write(ref _chainHeads[chain], index + 1);
        Volatile.Write(ref _count, index + 1);
    }

    /// <summary>The oldest slot time any series holds in this head for an archive index; long.MaxValue when none.</summary>
    public long OldestSlotTime(int archive)
    {
        var oldest = Volatile.Read(ref _oldestSlotTime[archive]);
        return oldest == uint.MaxValue ? long.MaxValue : oldest;
    }

    private static uint[] CreateOldestSlotTimes()
    {
        var times = new uint[SeriesInfo.MaxArchives];
        times.AsSpan().Fill(uint.MaxValue);
        return times;
    }

    /// <summary>
    /// Writes this head's points of one chain that fall in [start, start + slots*step) into <paramref name="target"/>,
    /// newest value winning, overriding whatever older layers put there.
    /// </summary>
    public void Overlay(int seriesId, int archive, long start, long step, Span<double> target)
    {
        var chains = Volatile.Read(ref _chainHeads);
        var chain = seriesId * SeriesInfo.MaxArchives + archive;
        if (chain >= chains.Length)
        {
            return;
        }

        var entry = Volatile.Read(ref chains[chain]);
        if (entry == 0)
        {
            return;
        }

        // Newest first: only the first value seen for a slot counts, so remember which slots this head has set.
        var setBits = target.Length <= 4096 ? stackalloc ulong[(target.Length + 63) / 64] : new ulong[(target.Length + 63) / 64];
        setBits.Clear();
        var end = start + target.Length * step;
        while (entry != 0)
        {
            ref readonly var e = ref _entries[entry - 1];
            long t = e.SlotTime;
            if (t >= start && t < end)
            {
                var slot = (int)((t - start) / step);
                var word = slot >> 6;
                var bit = 1UL << (slot & 63);
                if ((setBits[word] & bit) == 0)
                {
                    setBits[word] |= bit;
                    target[slot] = e.Value;
                }
            }

            entry = e.Next;
        }
    }

    /// <summary>Earliest and latest slot time of one chain (writer side; the chain must be non-empty).</summary>
    public (uint First, uint Last) ChainRange(int chain)
    {
        uint first = uint.MaxValue, last = 0;
        var entry = _chainHeads[chain];
        while (entry != 0)
        {
            ref readonly var e = ref _entries[entry - 1];
            first = Math.Min(first, e.SlotTime);
            last = Math.Max(last, e.SlotTime);
            entry = e.Next;
        }

        return (first, last);
    }

    /// <summary>Collects one chain's points (newest wins per slot) sorted by slot time. Used by flush.</summary>
    public void Collect(int chain, List<(uint SlotTime, double Value)> into)
    {
        into.Clear();
        var entry = _chainHeads[chain];
        while (entry != 0)
        {
            ref readonly var e = ref _entries[entry - 1];
            into.Add((e.SlotTime, e.Value));
            entry = e.Next;
        }

        // The chain is newest-first; a stable sort by time keeps the newest first among equal slot times.
        into.Reverse();
        StableSortByTimeKeepLast(into);
    }

    private static void StableSortByTimeKeepLast(List<(uint SlotTime, double Value)> points)
    {
        // points are now oldest-first; sort stably by time, then keep the last of each run of equal times.
        var sorted = true;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].SlotTime <= points[i - 1].SlotTime)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return;
        }

        var indexed = new (uint SlotTime, int Order, double Value)[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            indexed[i] = (points[i].SlotTime, i, points[i].Value);
        }

        Array.Sort(indexed, static (a, b) => a.SlotTime != b.SlotTime ? a.SlotTime.CompareTo(b.SlotTime) : a.Order.CompareTo(b.Order));
        points.Clear();
        for (var i = 0; i < indexed.Length; i++)
        {
            if (i + 1 < indexed.Length && indexed[i + 1].SlotTime == indexed[i].SlotTime)
            {
                continue;
            }

            points.Add((indexed[i].SlotTime, indexed[i].Value));
        }
    }

    private void GrowChains(int chain)
    {
        var size = _chainHeads.Length;
        while (size <= chain)
        {
            size *= 2;
        }

        var grown = new int[size];
        Array.Copy(_chainHeads, grown, _chainHeads.Length);
        Volatile.Write(ref _chainHeads, grown);
    }

    private readonly record struct Entry(uint SlotTime, int Next, double Value);
}
