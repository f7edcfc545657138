using Mine.Storage.Schemas;
using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

/// <summary>Settings of the embedded storage engine. Defaults suit a 1,300-server fleet on a 2-core machine.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder holding series.log, wal/ and parts/.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Retention archives per series (carbon storage-schemas.conf); built-in defaults when null.</summary>
    public StorageSchemas? Schemas { get; set; }

    /// <summary>Aggregation per series (carbon storage-aggregation.conf); built-in defaults when null.</summary>
    public StorageAggregation? Aggregation { get; set; }

    /// <summary>Points held in one in-memory head before it is frozen and flushed to a part (16 bytes each).</summary>
    public int HeadCapacityPoints { get; set; } = 2 * 1024 * 1024;

    /// <summary>A non-empty head is flushed at least this often, bounding WAL size and replay time.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the background worker looks for parts to merge and data past retention.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A bucket with this many parts is merged at once, even while it still receives writes.</summary>
    public int MergeFanIn { get; set; } = 8;

    /// <summary>Points stamped further than this in the future are refused (whisper refuses any future point).</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>WAL fsync policy; see docs/storage-format.md for the loss window of each.</summary>
    public WalSyncMode WalSyncMode { get; set; } = WalSyncMode.Interval;

    public TimeSpan WalSyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock; tests replace it to move through retention.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Receives engine log lines (repairs, flushes, merges).</summary>
    public Action<string> Log { get; set; } = _ => { };

    /// <summary>
    /// Test hook called at each of the engine's named steps (<see cref="FaultPoints"/>); crash tests kill the process
    /// from it. Null in production.
    /// </summary>
    public Action<string>? FaultInjection { get; set; }

    /// <summary>Whether a background thread flushes and merges; tests drive <c>FlushNow</c>/<c>CompactNow</c> themselves.</summary>
    public bool BackgroundMaintenance { get; set; } = true;

    /// <summary>
    /// Linux nice value of the maintenance thread (merges, retention; 0-19). Ingest and the flush thread keep the
    /// normal priority: a merge can wait for an idle moment, a full head cannot. 5 gives merges about a third of a
    /// normal thread's share of a busy core, so they still keep up.
    /// </summary>
    public int MaintenanceNice { get; set; } = 5;
}
