using System.Collections.Concurrent;
using Mine.Storage.Parts;

namespace Mine.Storage.Engine;

/// <summary>
/// When maintenance looks for blocks past their series' retention, and where: every bucket is checked at most
/// every <see cref="Interval"/> (or when forced), and only buckets old enough to hold an expired block for the
/// shortest retention any series has at that step.
/// </summary>
internal sealed class RetentionSweep(SeriesCatalog catalog)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<int, long> _minRetentionByStep = new();
    private long _lastSweepAt;

    /// <summary>Takes a series' archives into account (at creation, and for every series at start).</summary>
    public void Observe(SeriesInfo info)
    {
        foreach (var archive in info.Archives)
        {
            _minRetentionByStep.AddOrUpdate(archive.StepSeconds, archive.RetentionSeconds, (_, old) => Math.Min(old, archive.RetentionSeconds));
        }
    }

    /// <summary>Whether this maintenance round sweeps (and if so, the next one waits an interval). Under the merge lock.</summary>
    public bool StartIfDue(bool force)
    {
        var due = force || Environment.TickCount64 - _lastSweepAt > Interval.TotalMilliseconds;
        if (due)
        {
            _lastSweepAt = Environment.TickCount64;
        }

        return due;
    }

    /// <summary>Whether a bucket's parts hold a block wholly past its series' retention.</summary>
    public bool HasExpiredBlocks(PartReader[] parts, int step, long now)
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
                if (catalog.OwnerOf(entry) is { } info && entry.FirstSlotTime + (long)entry.SlotCount * step <= now - info.Archives[entry.Archive].RetentionSeconds)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
