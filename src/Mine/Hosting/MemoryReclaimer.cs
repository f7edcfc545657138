using Microsoft.Extensions.Hosting;
using Mine.Core.Buffers;

namespace Mine.Hosting;

/// <summary>
/// Gives memory back after bursts of queries. Every few seconds the value-array pool drops the lengths nobody
/// rented since the last round. When the process allocated a lot since the last reclaim and no render is running,
/// a full collection runs (non-compacting: tens of milliseconds); if it leaves much committed but unused heap, a
/// compacting collection returns it to the operating system, at most once a minute because it pauses ingest
/// for a few hundred milliseconds (absorbed by its socket buffers); one left due runs once renders pause. Without this, a few heavy renders left their
/// peak as resident memory for good: the collector keeps freed regions committed while nothing allocates enough
/// to make it run again.
/// </summary>
internal sealed class MemoryReclaimer(RequestCounters requests, long collectAfterBytes = MemoryReclaimer.CollectAfterBytes, long compactAboveBytes = MemoryReclaimer.CompactAboveBytes,
    TimeSpan? compactionInterval = null) : BackgroundService
{
    /// <summary>How often the pool is trimmed and the allocation since the last reclaim looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Allocation since the last reclaim that makes an idle moment worth a full collection (serve's; a relay,
    /// whose live heap is small and whose allocation rate is low, uses <see cref="RelayCollectAfterBytes"/>, or its
    /// garbage would sit uncollected for minutes and its memory follow the collector's growing budget).</summary>
    public const long CollectAfterBytes = 256L << 20;

    public const long RelayCollectAfterBytes = 32L << 20;

    /// <summary>A relay's live heap is a few tens of MB: compacting it costs milliseconds, so every reclaim compacts,
    /// and its memory stays flat however long an outage lasts (a non-compacting collection left the freed space
    /// committed, and the resident size grew by tens of MB between two compactions).</summary>
    public const long RelayCompactAboveBytes = 0;

    public static readonly TimeSpan RelayCompactionInterval = TimeSpan.Zero;

    /// <summary>Committed but unused heap after that collection that is worth compacting away.</summary>
    public const long CompactAboveBytes = 128L << 20;

    /// <summary>Pooled value arrays let go by one trim that make a compaction due (a wide render's scratch arrays).</summary>
    public const long TrimmedBytesWorthCompacting = 16L << 20;

    /// <summary>Least time between two compacting collections. A collection that finds much waste sooner leaves the
    /// compaction due, and it runs at the first tick after this interval with no render running.</summary>
    public static readonly TimeSpan CompactionInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var allocatedAtReclaim = GC.GetTotalAllocatedBytes();
        var lastCompaction = DateTime.MinValue;
        var compactionDue = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // Arrays the pool lets go are garbage that nothing else will collect on an idle server.
                if (ValueArrayPool.Shared.Trim() >= TrimmedBytesWorthCompacting)
                {
                    compactionDue = true;
                }

                var rendering = requests.RendersInside > 0;
                var compactionAllowed = DateTime.UtcNow - lastCompaction >= (compactionInterval ?? CompactionInterval);

                // A collection found much wasted memory but a compaction ran shortly before: without this, the burst's
                // peak stayed resident until enough was allocated again, which an idle server never does.
                if (compactionDue && compactionAllowed && !rendering)
                {
                    CompactNow();
                    continue;
                }

                if (GC.GetTotalAllocatedBytes() - allocatedAtReclaim < collectAfterBytes || rendering)
                {
                    continue;
                }

                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
                var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
                // Wasted: committed beyond the heap, and the free space inside it (a non-compacting collection leaves it there).
                var wasted = heap.TotalCommittedBytes - heap.HeapSizeBytes + heap.FragmentedBytes;
                compactionDue = wasted >= compactAboveBytes;
                if (compactionDue && compactionAllowed)
                {
                    CompactNow();
                }

                allocatedAtReclaim = GC.GetTotalAllocatedBytes();
            }
        }
        catch (OperationCanceledException)
        {
        }

        void CompactNow()
        {
            // The large-object heap too: chunks and batches are large arrays, and a fragmented LOH stays committed.
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            lastCompaction = DateTime.UtcNow;
            compactionDue = false;
            allocatedAtReclaim = GC.GetTotalAllocatedBytes();
        }
    }
}
