using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>Appends to the staged chunk, and when and how a staged chunk becomes a sealed one.</summary>
internal sealed partial class BufferedDestination
{
    private readonly object _stagingLock = new();

    // Guarded by _stagingLock.
    private StagedChunk? _staged;
    private readonly List<StagedChunk> _unsealed = [];
    private ChunkId _lastId;
    private bool _closed;

    private long _stagedBytes;
    private long _stagedPoints;

    /// <summary>
    /// Writes one piece of records (room for it is already reserved) to the staged chunk, starting a new chunk first
    /// when the piece would overfill the current one. Returns once the piece is in the staged file. A chunk that is
    /// full is sealed here, on the appending thread, after the lock is released: sealing costs about as much as
    /// filling did, so busy appenders pay for their own chunks and others are not held up.
    /// </summary>
    public void Append(ReadOnlySpan<byte> records, int points)
    {
        StagedChunk? full = null;
        StagedChunk? filled = null;
        try
        {
            lock (_stagingLock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                var staged = _staged;
                if (staged is not null && staged.Points > 0
                    && (staged.Length + records.Length > _options.ChunkLimitBytes || staged.Points + points > ChunkPayload.MaxPoints))
                {
                    full = staged;
                    _staged = staged = null;
                }

                staged ??= _staged = StartStaged();
                staged.Append(records, points);
                Interlocked.Add(ref _stagedBytes, records.Length);
                Interlocked.Add(ref _stagedPoints, points);
                Interlocked.Add(ref _pointsBuffered, points);
                if (staged.Length >= _options.ChunkLimitBytes || staged.Points >= ChunkPayload.MaxPoints)
                {
                    filled = staged;
                    _staged = null;
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                SealOrKeep(full);
            }

            if (filled is not null)
            {
                SealOrKeep(filled);
            }
        }
    }

    /// <summary>
    /// Seals the staged chunk if it is old enough, retries seals that failed, and fsyncs a staged file not synced
    /// for a flush interval (what bounds a power loss's cost). Returns the chunks sealed; failures are added to
    /// <paramref name="failures"/>.
    /// </summary>
    public int SealDue(DateTimeOffset now, List<string> failures)
    {
        StagedChunk? due = null;
        StagedChunk? sync = null;
        long syncLength = 0;
        List<StagedChunk>? retry = null;
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
                    due = staged;
                    _staged = null;
                }
                else if (staged.Dirty && now - staged.SyncedAt >= _options.FlushInterval)
                {
                    sync = staged;
                    syncLength = staged.Length;
                    staged.SyncedAt = now;
                }
            }

            if (_unsealed.Count > 0)
            {
                retry = [.. _unsealed];
                _unsealed.Clear();
            }
        }

        var sealedCount = 0;
        foreach (var chunk in retry ?? [])
        {
            sealedCount += SealOrKeep(chunk, failures) ? 1 : 0;
        }

        if (due is not null)
        {
            sealedCount += SealOrKeep(due, failures) ? 1 : 0;
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
            pending = [.. _unsealed];
            if (_staged is not null)
            {
                pending.Add(_staged);
            }

            _staged = null;
            _unsealed.Clear();
        }

        foreach (var chunk in pending)
        {
            if (seal)
            {
                SealOrKeep(chunk);
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

    private bool SealOrKeep(StagedChunk chunk, List<string>? failures = null)
    {
        var error = TrySeal(chunk);
        if (error is null)
        {
            return true;
        }

        var closed = false;
        lock (_stagingLock)
        {
            if (_closed)
            {
                closed = true;
            }
            else
            {
                _unsealed.Add(chunk);
            }
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
