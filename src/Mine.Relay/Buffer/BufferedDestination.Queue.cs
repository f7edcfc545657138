using System.Buffers.Binary;
using Mine.Core.Hashing;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Buffer;

/// <summary>
/// The queue of sealed chunks as the forward client sees it. The index holds ids, sizes and point counts only; a
/// chunk's bytes are read from its file when it is handed out. "Ready" chunks are queued and not in flight; the
/// oldest ready one goes out first, so a released chunk is next again.
/// </summary>
internal sealed partial class BufferedDestination : IChunkSource
{
    /// <summary>Where <see cref="ChunkPayload"/>'s header keeps the CRC-32C of the compressed body (docs/relay.md).</summary>
    private const int ChecksumOffset = 16;

    private readonly object _queueLock = new();
    private readonly AsyncSignal _readySignal = new();

    // Guarded by _queueLock.
    private readonly SortedDictionary<ChunkId, QueuedEntry> _queued = [];
    private readonly SortedSet<ChunkId> _ready = [];
    private long _queuedBytes;
    private long _queuedPoints;
    private bool _queueClosed;

    // _ready.Count, readable without the queue lock (the staging side asks whether chunks wait unsent).
    private int _readyCount;

    public async ValueTask<QueuedChunk> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task? changed = null;
            ChunkId id = default;
            QueuedEntry entry = default;
            lock (_queueLock)
            {
                ObjectDisposedException.ThrowIf(_queueClosed, this);
                if (_ready.Count == 0)
                {
                    changed = _readySignal.Next;
                }
                else
                {
                    id = _ready.Min;
                    entry = _queued[id];
                    RemoveReady(id);
                }
            }

            if (changed is not null)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (Load(id, entry) is { } chunk)
            {
                return chunk;
            }
        }
    }

    public void Acknowledge(ChunkId id)
    {
        QueuedEntry entry;
        lock (_queueLock)
        {
            // An id not in the queue was acknowledged already (or quarantined): acknowledging is idempotent.
            if (!_queued.TryGetValue(id, out entry))
            {
                return;
            }

            RemoveQueued(id, entry);
        }

        if (!ChunkFiles.TryDelete(ChunkFiles.ChunkPath(Directory, id)))
        {
            // It comes back at the next start and is sent again; the receiver remembers the id and stores it once.
            _log($"buffer: could not delete acknowledged chunk {FileName(id, ChunkFiles.ChunkExtension)}; it will be resent after a restart");
        }

        Interlocked.Add(ref _pointsAcknowledged, entry.Points);
        _room.Free(entry.Bytes);
    }

    public void Release(ChunkId id)
    {
        lock (_queueLock)
        {
            if (!_queued.ContainsKey(id) || !_ready.Add(id))
            {
                return; // not queued, or not in flight
            }

            Volatile.Write(ref _readyCount, _ready.Count);
        }

        _readySignal.Fire();
    }

    /// <summary>The destination refused the chunk for good: it leaves the queue and is kept in <c>corrupt/</c> with the
    /// reason, counted as quarantined (its points are lost to the destination, and the log line says how many).</summary>
    public void Reject(ChunkId id, string reason)
    {
        QueuedEntry entry;
        lock (_queueLock)
        {
            if (!_queued.TryGetValue(id, out entry))
            {
                return;
            }

            RemoveQueued(id, entry);
        }

        var path = ChunkFiles.ChunkPath(Directory, id);
        if (File.Exists(path))
        {
            ChunkFiles.Quarantine(Directory, id + ChunkFiles.ChunkExtension, $"refused by the destination: {reason}; {entry.Points} points not delivered", _log);
        }

        Interlocked.Increment(ref _chunksQuarantined);
        _room.Free(entry.Bytes);
    }

    /// <summary>Deletes the oldest chunk not in flight (drop-oldest overflow); false when there is none.</summary>
    public bool TryDropOldest(out ChunkId id, out QueuedEntry entry)
    {
        lock (_queueLock)
        {
            if (_ready.Count == 0)
            {
                id = default;
                entry = default;
                return false;
            }

            id = _ready.Min;
            entry = _queued[id];
            RemoveReady(id);
            RemoveQueued(id, entry);
        }

        if (!ChunkFiles.TryDelete(ChunkFiles.ChunkPath(Directory, id)))
        {
            _log($"buffer: could not delete dropped chunk {FileName(id, ChunkFiles.ChunkExtension)}; it will be sent after a restart");
        }

        Interlocked.Add(ref _pointsDropped, entry.Points);
        Interlocked.Increment(ref _chunksDropped);
        _room.Free(entry.Bytes);
        return true;
    }

    private void Enqueue(ChunkId id, QueuedEntry entry)
    {
        lock (_queueLock)
        {
            _queued[id] = entry;
            _ready.Add(id);
            _queuedBytes += entry.Bytes;
            _queuedPoints += entry.Points;
            Volatile.Write(ref _readyCount, _ready.Count);
        }

        _readySignal.Fire();
    }

    private void CloseQueue()
    {
        lock (_queueLock)
        {
            _queueClosed = true;
        }

        _readySignal.Fire();
    }

    /// <summary>Reads a chunk handed out; a missing or damaged one leaves the queue (quarantined) and null is returned.</summary>
    private QueuedChunk? Load(ChunkId id, QueuedEntry entry)
    {
        var path = ChunkFiles.ChunkPath(Directory, id);
        string? damage;
        byte[] payload = [];
        try
        {
            payload = File.ReadAllBytes(path);
            damage = Check(payload, entry.Points);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            damage = $"cannot be read: {e.Message}";
        }

        if (damage is null)
        {
            return new QueuedChunk(id, payload, entry.Points);
        }

        lock (_queueLock)
        {
            RemoveQueued(id, entry);
        }

        if (File.Exists(path))
        {
            ChunkFiles.Quarantine(Directory, id + ChunkFiles.ChunkExtension, $"{damage}; {entry.Points} points lost", _log);
        }
        else
        {
            _log($"buffer: chunk {FileName(id, ChunkFiles.ChunkExtension)} has disappeared; {entry.Points} points lost");
        }

        Interlocked.Increment(ref _chunksQuarantined);
        _room.Free(entry.Bytes);
        return null;
    }

    /// <summary>
    /// What the receiver would refuse, checked before sending so that a chunk damaged on disk is set aside instead
    /// of being sent, refused and resent for ever: the header, the point count the index expects, the checksum.
    /// (Not the zstd frame: decompressing every chunk sent would double the relay's work; a damaged frame behind a
    /// valid checksum is a bug, not disk damage.)
    /// </summary>
    private static string? Check(byte[] payload, int points)
    {
        try
        {
            var header = ChunkPayload.PointCount(payload);
            if (header != points)
            {
                return $"its header says {header} points, {points} were sealed in it";
            }
        }
        catch (ChunkFormatException e)
        {
            return e.Message;
        }

        return Crc32C.Compute(payload.AsSpan(ChunkPayload.HeaderSize)) == BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(ChecksumOffset))
            ? null
            : "its checksum does not match its contents";
    }

    private void RemoveReady(ChunkId id)
    {
        _ready.Remove(id);
        Volatile.Write(ref _readyCount, _ready.Count);
    }

    private void RemoveQueued(ChunkId id, QueuedEntry entry)
    {
        if (_queued.Remove(id))
        {
            _ready.Remove(id);
            Volatile.Write(ref _readyCount, _ready.Count);
            _queuedBytes -= entry.Bytes;
            _queuedPoints -= entry.Points;
        }
    }
}
