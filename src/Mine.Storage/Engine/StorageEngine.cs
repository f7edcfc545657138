using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Index;
using Mine.Storage.Parts;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;

namespace Mine.Storage.Engine;

/// <summary>
/// The embedded time-series store: Graphite retention semantics over a WAL, an in-memory head and immutable,
/// memory-mapped part files grouped in time buckets. One writer at a time (a lock around the cheap part of
/// ingest; parsing happens before, outside it), lock-free readers over an immutable <see cref="EngineState"/>.
/// </summary>
/// <remarks>
/// This type is the front: it holds the engine's state (the parts and heads readers see, the WAL, the catalog and
/// name index) and is the only one that swaps it, under the write lock. Collaborators own the rest: the write path's
/// <see cref="PointAdmission"/> and <see cref="PointColumns"/>, the flush thread (<see cref="FlushWorker"/>, writing
/// through <see cref="HeadFlushWriter"/>), maintenance (<see cref="MaintenanceWorker"/>, <see cref="BucketMerger"/>,
/// <see cref="RetentionSweep"/>) and <see cref="WriteHealth"/>. Every field of the type is declared here. Partial
/// files: Write (ingest, replayed and derived points), Read and ReadSession (fetch and rollup), Tags, Flush (head →
/// part, commit), Maintenance (merge, retention), Recovery (opening the folder and replaying the WAL), Wal (the
/// writer's life), Status.
/// </remarks>
public sealed partial class StorageEngine : IPointSink, ISeriesIndex, ISeriesReader, ITagDatabase, IStorageMaintenance, IStorageStatus, IDisposable
{
    // Configuration and the files the engine owns.
    private readonly StorageOptions _options;
    private readonly string _partsDirectory;
    private readonly FileStream _lockFile;
    private readonly FaultInjector _faults;

    // What is stored: series and their names.
    private readonly SeriesCatalog _catalog;
    private readonly MetricNameIndex _nameIndex = new();

    // The state readers see, swapped under _writeLock (merges also hold _mergeLock, one at a time).
    private readonly object _writeLock = new();
    private readonly SemaphoreSlim _mergeLock = new(1, 1);
    private EngineState _state;
    private HeadLog? _spareHead; // a flushed head's arrays, recycled for the next one
    private WalWriter? _wal; // null while a full disk keeps it from opening; see EnsureWalLocked
    private long _generation;
    private long _frozenWalSegmentEnd; // the WAL segment the frozen head's points end before
    private FlushCheckpoint? _baseCheckpoint; // a folder's first checkpoint, while a full disk defers it (see Recover)
    private bool _recovering;
    private long _recoveryWalStart;

    // One writer at a time from admission to the last point applied. The write lock alone is not enough: rotating a
    // full head waits for the previous flush with Monitor.Wait, which lets the write lock go, and another writer
    // (a second import job, the merge's rollups, the ingest loop) would then fill _columns and the admission state
    // under the first one's feet: both series lost the points of the other's pieces. Taken before the write lock,
    // never while holding it; the flusher and the merge's publishing take only the write lock.
    private readonly object _appendGate = new();

    // Collaborators, each owning its own state.
    private readonly PointColumns _columns = new();
    private readonly PointAdmission _admission;
    private readonly WriteHealth _writeHealth;
    private readonly HeadFlushWriter _flushWriter;
    private readonly FlushWorker _flusher;
    private readonly BucketMerger _merger;
    private readonly RetentionSweep _retention;
    private readonly MaintenanceWorker _maintenance;

    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    private StorageEngine(StorageOptions options)
    {
        _options = options;
        _faults = new FaultInjector(options.FaultInjection);
        Directory.CreateDirectory(options.DataDirectory);
        _lockFile = LockDataDirectory(options.DataDirectory);
        _partsDirectory = Path.Combine(options.DataDirectory, "parts");
        Directory.CreateDirectory(_partsDirectory);
        _catalog = SeriesCatalog.Open(Path.Combine(options.DataDirectory, "series.log"), options.Log);
        _state = new EngineState(new Dictionary<int, PartReader[]>(), NewHead(), null);
        _admission = new PointAdmission(_catalog, options.Schemas ?? StorageSchemas.Default, options.Aggregation ?? StorageAggregation.Default, options.FutureTolerance, OnSeriesCreated);
        _writeHealth = new WriteHealth(Counters, options.DataDirectory, options.Log);
        _flushWriter = new HeadFlushWriter(_catalog, StepDirectory, Counters, _faults);
        _flusher = new FlushWorker(FlushFrozen, options.Log, _stopping.Token);
        _merger = new BucketMerger(_catalog, Counters, options.Log);
        _retention = new RetentionSweep(_catalog);
        _maintenance = new MaintenanceWorker(options, FlushNow, () => RunMaintenance(force: false), _stopping.Token);
    }

    /// <summary>Counters for /_internal/metrics.</summary>
    public StorageCounters Counters { get; } = new();

    public int SeriesCount => _catalog.Count;

    /// <summary>Opens (or creates) a store: loads the series log, maps the parts, replays the WAL.</summary>
    public static StorageEngine Open(StorageOptions options)
    {
        var engine = new StorageEngine(options);
        try
        {
            engine.Recover();
        }
        catch
        {
            engine.Dispose();
            throw;
        }

        if (options.BackgroundMaintenance)
        {
            engine._maintenance.Start();
        }

        return engine;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Cancel();
        _maintenance.Join();
        _flusher.Join();
        _wal?.Dispose();
        _catalog.Dispose();
        foreach (var parts in _state.PartsByStep.Values)
        {
            foreach (var part in parts)
            {
                part.Retire(deleteFile: false);
            }
        }

        _stopping.Dispose();
        _flusher.Dispose();
        _lockFile.Dispose();
        _mergeLock.Dispose();
    }

    /// <summary>
    /// Two processes writing one folder would interleave WAL segments and parts; .NET takes an exclusive advisory
    /// lock (flock) for FileShare.None, so the second one stops here with a clear message.
    /// </summary>
    private static FileStream LockDataDirectory(string directory)
    {
        var path = Path.Combine(directory, "LOCK");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            var folder = Path.GetFullPath(directory);
            throw new Core.Errors.FolderInUseException(folder, $"The data folder {folder} is in use by another Mine process ({ex.Message}). Stop it or choose another --data folder.", ex);
        }
    }

    private HeadLog NewHead()
    {
        var head = Interlocked.Exchange(ref _spareHead, null);
        if (head is not null && head.Capacity == _options.HeadCapacityPoints)
        {
            head.Reset();
        }
        else
        {
            head = new HeadLog(_options.HeadCapacityPoints, _catalog?.Count ?? 1024);
        }

        head.Released = released => Volatile.Write(ref _spareHead, released);
        return head;
    }

    private long NowSeconds() => _options.Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Everything a reader needs, swapped atomically: the parts by archive step (each array sorted by bucket, then
    /// generation), the active head and the head being flushed, if any.
    /// </summary>
    internal sealed record EngineState(IReadOnlyDictionary<int, PartReader[]> PartsByStep, HeadLog Active, HeadLog? Frozen);

    /// <summary>
    /// Buckets group a step's data in fixed, epoch-aligned time windows of about 1,024 slots, rounded to whole days or
    /// hours so coarser archives' slots (5 min, 1 h, 1 d) do not straddle two buckets.
    /// </summary>
    internal static long BucketSpan(int step)
    {
        var raw = step * 1024L;
        var span = raw >= 86400 ? raw / 86400 * 86400 : raw >= 3600 ? raw / 3600 * 3600 : raw;
        return span % step == 0 ? span : raw;
    }

    internal static long BucketStart(long time, int step)
    {
        var span = BucketSpan(step);
        return time - (((time % span) + span) % span);
    }
}
