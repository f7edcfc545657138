using System.Runtime;
using Microsoft.Extensions.Hosting;
using Mine.Core.Buffers;

namespace Mine.Hosting;

/// <summary>
/// Gives memory back after bursts of queries. Every few seconds the value-array pool drops the lengths nobody
/// rented since the last round; and when renders allocated a lot since the last reclaim and none is running now,
/// one full, compacting collection returns the freed heap to the operating system. Without it a few heavy or
/// refused renders left their peak as resident memory for good: the collector keeps freed regions committed
/// while nothing allocates to make it run again.
/// </summary>
internal sealed class MemoryReclaimer(RequestCounters requests) : BackgroundService
{
    /// <summary>How often the pool is trimmed and the allocation since the last reclaim looked at.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Allocation since the last reclaim that makes an idle moment worth a full collection.</summary>
    public const long ReclaimAfterBytes = 256L << 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var allocatedAtReclaim = GC.GetTotalAllocatedBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ValueArrayPool.Shared.Trim();
                var allocated = GC.GetTotalAllocatedBytes();
                if (allocated - allocatedAtReclaim < ReclaimAfterBytes || requests.RendersInside > 0)
                {
                    continue;
                }

                // Blocking and compacting, the large object heap included, so freed regions can be decommitted; on
                // an idle query side this costs ingest one pause of tens of milliseconds, absorbed by its buffers.
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                allocatedAtReclaim = GC.GetTotalAllocatedBytes();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
