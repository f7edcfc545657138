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
/// Partial files: Write (ingest), Read (fetch and rollup), Flush (head → part), Maintenance (merge, retention),
/// Recovery (opening the folder and replaying the WAL).
/// </summary>
public sealed partial class StorageEngine : IPointSink, ISeriesIndex, ISeriesReader, ITagDatabase, IStorageMaintenance, IStorageStatus, IDisposable
{
    private readonly StorageOptions _options;
    private readonly StorageSchemas _schemas;
    private readonly StorageAggregation _aggregation;
    private readonly SeriesCatalog _catalog;
    private readonly MetricNameIndex _nameIndex = new();
    private readonly object _writeLock = new();
    private readonly SemaphoreSlim _mergeLock = new(1, 1);
    private readonly string _partsDirectory;
    private WalWriter? _wal; // null while a full disk keeps it from opening; see EnsureWalLocked
    private EngineState _state;
    private long _generation;
    private Thread? _maintenanceThread;
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;
    private readonly FileStream _lockFile;
    private readonly FaultInjector _faults;

    private StorageEngine(StorageOptions options)
    {
        _options = options;
        _faults = new FaultInjector(options.FaultInjection);
        _schemas = options.Schemas ?? StorageSchemas.Default;
        _aggregation = options.Aggregation ?? StorageAggregation.Default;
        Directory.CreateDirectory(options.DataDirectory);
        _lockFile = LockDataDirectory(options.DataDirectory);
        _partsDirectory = Path.Combine(options.DataDirectory, "parts");
        Directory.CreateDirectory(_partsDirectory);
        _catalog = SeriesCatalog.Open(Path.Combine(options.DataDirectory, "series.log"), options.Log);
        _state = new EngineState(new Dictionary<int, PartReader[]>(), NewHead(), null);
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
            engine.StartMaintenance();
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
        _maintenanceThread?.Join();
        _flushThread?.Join();
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
            throw new IOException($"The data folder {Path.GetFullPath(directory)} is in use by another Mine process ({ex.Message}). Stop it or choose another --data folder.", ex);
        }
    }

    private HeadLog? _spareHead;

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

/// <summary>Engine counters, read by the host's metrics endpoint.</summary>
public sealed class StorageCounters
{
    public long PointsAccepted;
    public long PointsReplayed;
    public long PointsTooOld;
    public long PointsInFuture;
    public long PointsBadName;
    public long PointsOverSeriesLimit;
    public long WriteFailures;
    public long SeriesSkippedAtStart;
    public long SeriesCreated;
    public long Flushes;
    public long Merges;
    public long PartsWritten;
    public long BlocksDropped;
    public long BlocksLostToDamage;
}
