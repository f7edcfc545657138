using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>Appends to the staged chunk, and when and how a staged chunk becomes a sealed one.</summary>
internal sealed partial class BufferedDestination
{
    private readonly object _stagingLock = new();

    // Guarded by _stagingLock.
    private StagedChunk? _staged;

    // Taken out of staging (full, or the seal failed), waiting for the sealing loop.
    private readonly List<StagedChunk> _unsealed = [];
    private ChunkId _lastId;
    private bool _closed;

    private long _stagedBytes;
    private long _stagedPoints;

    /// <summary>Chunks taken out of staging (full, or their seal failed) that the sealing loop has not sealed yet.</summary>
    public bool HasUnsealedChunks
    {
        get
        {
            lock (_stagingLock)
            {
                return _unsealed.Count > 0;
            }
        }
    }

    /// <summary>
    /// Writes one piece of records (room for it is already reserved) to the staged chunk, starting a new chunk first
    /// when the piece would overfill the current one. Returns once the piece is in the staged file, and true when a
    /// chunk became full: it waits for the sealing loop, which the caller wakes. Sealing (compression, two fsyncs)
    /// never runs on an appending thread: a listener stalled by a slow disk would lose UDP datagrams.
    /// </summary>
    public bool Append(ReadOnlySpan<byte> records, int points)
    {
        lock (_stagingLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var full = false;
            var staged = _staged;
            if (staged is not null && staged.Points > 0
                && (staged.Length + records.Length > _options.ChunkLimitBytes || staged.Points + points > ChunkPayload.MaxPoints))
            {
                _unsealed.Add(staged);
                _staged = staged = null;
                full = true;
            }

            staged ??= _staged = StartStaged();
            staged.Append(records, points);
            Interlocked.Add(ref _stagedBytes, records.Length);
            Interlocked.Add(ref _stagedPoints, points);
            Interlocked.Add(ref _pointsBuffered, points);
            if (staged.Length >= _options.ChunkLimitBytes || staged.Points >= ChunkPayload.MaxPoints)
            {
                _unsealed.Add(staged);
                _staged = null;
                full = true;
            }

            return full;
        }
    }

    /// <summary>
    /// Seals the chunks that are full (or whose seal failed before) and the staged chunk if it is old enough, and fsyncs a staged file not synced
    /// for a flush interval (what bounds a power loss's cost). Returns the chunks sealed; failures are added to
    /// <paramref name="failures"/>.
    /// </summary>
    public int SealDue(DateTimeOffset now, List<string> failures)
    {
        StagedChunk? sync = null;
        long syncLength = 0;
        List<StagedChunk>? toSeal = null;
        lock (_stagingLock)
        {
            if (_closed)
            {
                return 0;
            }

            if (_staged is { } staged)
            {
                var age = now - staged.CreatedAt;
                var waiting = Volatile.Read(ref _readyCount) > 0;
                if (age >= _options.FlushInterval && (!waiting || age >= _options.BacklogFlushInterval))
                {
                    _unsealed.Add(staged);
                    _staged = null;
                }
                else if (staged.Dirty && now - staged.SyncedAt >= _options.FlushInterval)
                {
                    sync = staged;
                    syncLength = staged.Length;
                    staged.SyncedAt = now;
                }
            }

            toSeal = TakeForSealing();
        }

        var sealedCount = 0;
        foreach (var chunk in toSeal)
        {
            sealedCount += Seal(chunk, failures) ? 1 : 0;
        }

        if (sync is not null)
        {
            try
            {
                sync.Sync(syncLength);
            }
            catch (IOException e)
            {
                failures.Add($"{Key}: fsync of {FileName(sync.Id, ChunkFiles.StagedExtension)} failed: {e.Message}");
            }
        }

        return sealedCount;
    }

    /// <summary>Stops appends; seals what is staged (a clean shutdown) or only closes the files (a simulated kill).</summary>
    public void Close(bool seal)
    {
        List<StagedChunk> pending;
        lock (_stagingLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (_staged is not null)
            {
                _unsealed.Add(_staged);
                _staged = null;
            }

            // A chunk a SealDue pass is sealing right now is finished (or, if that fails, closed) by that pass.
            pending = TakeForSealing();
        }

        foreach (var chunk in pending)
        {
            if (seal)
            {
                Seal(chunk, failures: null);
            }
            else
            {
                chunk.Close(delete: false);
            }
        }

        CloseQueue();
    }

    private StagedChunk StartStaged()
    {
        var now = _time.GetUtcNow();
        var id = ChunkId.New(now);
        if (id <= _lastId)
        {
            // Ids order the queue: a clock that stands still (or steps back) must not put a newer chunk first.
            id = new ChunkId(_lastId.High + 1, id.Low);
        }

        var chunk = StagedChunk.Create(Directory, id, now);
        _lastId = id;
        return chunk;
    }

    /// <summary>Marks the waiting chunks nobody is sealing as being sealed, and returns them (under the staging lock).
    /// They stay in the list meanwhile, so that stats see them and a concurrent pass does not seal them twice.</summary>
    private List<StagedChunk> TakeForSealing()
    {
        var taken = new List<StagedChunk>();
        foreach (var chunk in _unsealed)
        {
            if (!chunk.Sealing)
            {
                chunk.Sealing = true;
                taken.Add(chunk);
            }
        }

        return taken;
    }

    private bool Seal(StagedChunk chunk, List<string>? failures)
    {
        var error = TrySeal(chunk);
        bool closed;
        lock (_stagingLock)
        {
            chunk.Sealing = false;
            if (error is null)
            {
                _unsealed.Remove(chunk);
            }

            closed = _closed;
        }

        if (error is null)
        {
            return true;
        }

        if (closed)
        {
            chunk.Close(delete: false); // recovered and sealed at the next start
        }

        var message = $"{Key}: sealing {FileName(chunk.Id, ChunkFiles.StagedExtension)} failed, its points stay staged and sealing is retried: {error}";
        if (failures is null)
        {
            _log("buffer: " + message);
        }
        else
        {
            failures.Add(message);
        }

        return false;
    }

    /// <summary>Seals a chunk taken out of staging; returns why it failed, or null.</summary>
    private string? TrySeal(StagedChunk chunk)
    {
        if (chunk.Points == 0)
        {
            // Created, then its first write failed: nothing to seal.
            chunk.Close(delete: true);
            return null;
        }

        byte[] payload;
        try
        {
            payload = chunk.Seal();
            _options.FaultInjection?.Invoke(ChunkBufferOptions.SealWritePoint);
            ChunkFiles.WriteSealed(Directory, chunk.Id, payload);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }

        if (!chunk.Close(delete: true))
        {
            // Harmless: at the next start a staged file next to its chunk file is deleted.
            _log($"buffer: could not delete {FileName(chunk.Id, ChunkFiles.StagedExtension)} after sealing it; the next start removes it");
        }

        Interlocked.Add(ref _stagedBytes, -chunk.Length);
        Interlocked.Add(ref _stagedPoints, -chunk.Points);
        Enqueue(chunk.Id, new QueuedEntry(payload.Length, chunk.Points));
        _room.Adjust(payload.Length - chunk.Length);
        return null;
    }
}
