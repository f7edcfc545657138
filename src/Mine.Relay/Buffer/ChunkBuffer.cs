using Mine.Core.Series;
using Mine.Relay.Forward;

namespace Mine.Relay.Buffer;

/// <summary>
/// The relay's disk buffer (docs/relay.md, "Disk buffer"): points appended per destination are written to a staged
/// chunk file at once (a kill -9 loses nothing appended), sealed into a compressed chunk when the chunk is full or
/// old enough, and kept until the destination acknowledges it. Each destination has its own folder and queue, so a
/// destination that is down does not hold up the others' chunks; they share one size limit.
/// Thread-safe: listeners append from many threads, the forward clients take chunks from
/// <see cref="Source"/>, the host runs <see cref="RunSealingAsync"/> as a supervised loop and calls
/// <see cref="Stats"/> when publishing metrics.
/// Partial files: this one (opening, closing, access), .Append (the hot path), .Sealing (the sealing loop),
/// .Overflow (the size limit).
/// </summary>
public sealed partial class ChunkBuffer : IDisposable
{
    private readonly BufferedDestination[] _destinations;
    private readonly ChunkBufferOptions _options;
    private readonly BufferRoom _room;
    private readonly DropReport _drops;
    private readonly AsyncSignal _sealWanted = new();
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly FileStream _lockFile;
    private int _closed;
    private int _appendsWaiting;

    private ChunkBuffer(string directory, IReadOnlyList<string> keys, ChunkBufferOptions options, Action<string> log, TimeProvider time, FileStream lockFile)
    {
        Directory = directory;
        DestinationKeys = keys;
        _options = options;
        _log = log;
        _time = time;
        _lockFile = lockFile;
        _room = new BufferRoom(options.TotalLimitBytes);
        _drops = new DropReport(time, options.DropLogInterval, log);
        _destinations = [.. keys.Select(key => new BufferedDestination(key, Path.Combine(directory, key), options, _room, time, log))];
    }

    public string Directory { get; }

    /// <summary>The destinations, in the order their indexes refer to.</summary>
    public IReadOnlyList<string> DestinationKeys { get; }

    /// <summary>Bytes held on disk across every destination (staged records and sealed chunks).</summary>
    public long BytesUsed => _room.Used;

    public long BytesLimit => _room.Limit;

    /// <summary>Appends waiting for room now (block policy): the listeners behind them have stopped reading.</summary>
    public int AppendsWaiting => Volatile.Read(ref _appendsWaiting);

    /// <summary>
    /// The buffer cannot take another piece of points without waiting (block) or dropping (drop-oldest): an append is
    /// waiting, or less room is left than one piece. <see cref="BytesUsed"/> alone never reaches the limit under
    /// block, since an append that would pass it waits instead.
    /// </summary>
    public bool Full => AppendsWaiting > 0 || BytesLimit - BytesUsed < Math.Min(PieceWriter.TargetBytes, _options.ChunkLimitBytes);

    /// <summary>
    /// Opens (creating it if needed) the buffer folder <paramref name="directory"/> with one subfolder per destination
    /// key, recovering what a previous run left: staged files are sealed, chunks queued in id order, damaged files
    /// moved to <c>&lt;key&gt;/corrupt/</c> with a log line. Damage never stops it: it throws only when the folder is
    /// unusable or in use by another process (<see cref="IOException"/>), or a key or an option is invalid
    /// (<see cref="ArgumentException"/>).
    /// </summary>
    public static ChunkBuffer Open(string directory, IReadOnlyList<string> destinationKeys, ChunkBufferOptions? options = null, Action<string>? log = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(destinationKeys);
        options ??= new ChunkBufferOptions();
        log ??= _ => { };
        time ??= TimeProvider.System;
        CheckKeys(destinationKeys);
        options.Validate(destinationKeys.Count);
        System.IO.Directory.CreateDirectory(directory);
        var lockFile = LockDirectory(directory);
        try
        {
            var buffer = new ChunkBuffer(directory, [.. destinationKeys], options, log, time, lockFile);
            buffer.Recover();
            return buffer;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The index of a destination key, for <see cref="AppendAsync(int, PointBatch, CancellationToken)"/>.</summary>
    public int IndexOf(string destinationKey)
    {
        for (var i = 0; i < _destinations.Length; i++)
        {
            if (_destinations[i].Key == destinationKey)
            {
                return i;
            }
        }

        throw new ArgumentException($"\"{destinationKey}\" is not a destination of this buffer", nameof(destinationKey));
    }

    /// <summary>The queue of sealed chunks the forward client of <paramref name="destination"/> sends from.</summary>
    public IChunkSource Source(int destination) => Destination(destination);

    public ChunkBufferStats Stats(int destination) => Destination(destination).Stats();

    /// <summary>Seals what is staged (so the next start has nothing to recover) and closes the buffer.</summary>
    public void Dispose() => Close(seal: true);

    /// <summary>Closes every file without sealing or syncing anything: what a kill -9 leaves, for tests.</summary>
    internal void Abandon() => Close(seal: false);

    private void Close(bool seal)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        foreach (var destination in _destinations)
        {
            destination.Close(seal);
        }

        _drops.Flush(force: true);
        _room.WakeAll();
        _sealWanted.Fire();
        _lockFile.Dispose();
    }

    private void Recover()
    {
        var scratch = new PointBatch(16 * 1024);
        foreach (var destination in _destinations)
        {
            destination.Recover(scratch);
            var stats = destination.Stats();
            if (stats.ChunksQueued > 0)
            {
                _log($"buffer: {destination.Key}: {stats.ChunksQueued} chunks ({stats.PointsQueued} points, {stats.BytesQueued} bytes) waiting from before, oldest from {stats.OldestUnacknowledged:u}");
            }
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            var name = Path.GetFileName(folder);
            if (!DestinationKeys.Contains(name, StringComparer.Ordinal) && name != DedupWindow.FolderName)
            {
                _log($"buffer: {folder} belongs to no configured destination; its chunks stay there untouched until one named \"{name}\" is configured again");
            }
        }

        if (_room.Used > _room.Limit)
        {
            _log($"buffer: {_room.Used} bytes waiting from before, over the limit of {_room.Limit}: {(_options.Overflow == BufferOverflow.Block ? "appends wait until acknowledgements free room" : "the oldest chunks are dropped as points arrive")}");
        }
    }

    private BufferedDestination Destination(int index)
    {
        if ((uint)index >= (uint)_destinations.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the buffer has {_destinations.Length} destinations");
        }

        return _destinations[index];
    }

    /// <summary>A key is a folder name (<see cref="BufferKeys.For"/> makes one from a destination): letters, digits,
    /// '.', '_', '-' and '%', not starting with '.', at most 255 characters (a file name's limit).</summary>
    private static void CheckKeys(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("a buffer needs at least one destination", nameof(keys));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (string.IsNullOrEmpty(key) || key.Length > 255 || key[0] == '.' || key == LockFileName || key == DedupWindow.FolderName
                || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '%'))
            {
                throw new ArgumentException($"destination key \"{key}\" is not a folder name of letters, digits, '.', '_', '-' and '%' (1 to 255, not starting with '.', neither {LockFileName} nor {DedupWindow.FolderName})", nameof(keys));
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"destination key \"{key}\" is given twice", nameof(keys));
            }
        }
    }

    private const string LockFileName = "LOCK";

    /// <summary>Two relays on one folder would send and delete each other's chunks; .NET takes an exclusive advisory
    /// lock (flock) for FileShare.None, so the second stops here with a clear message.</summary>
    private static FileStream LockDirectory(string directory)
    {
        var path = Path.Combine(directory, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            var folder = Path.GetFullPath(directory);
            throw new Core.Errors.FolderInUseException(folder, $"The buffer folder {folder} is in use by another Mine process ({e.Message}). Stop it or choose another --buffer folder.", e);
        }
    }
}
