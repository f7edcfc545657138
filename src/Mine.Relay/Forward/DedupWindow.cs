using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>
/// The chunk ids a receiver has stored, so that a chunk resent after a lost acknowledgement is acknowledged as a
/// duplicate instead of stored again (docs/relay.md, "Dedup window"). A hash set in memory, backed by an append-only
/// file in the data directory that survives kill -9; bounded by age (the creation time in the id) and by count.
/// One per receiving process, shared by all its connections; thread-safe.
/// <para>A receiver claims an id before storing its chunk (<see cref="ClaimAsync"/>), then records it
/// (<see cref="Record"/>) or gives the claim up (<see cref="Abandon"/>): the same chunk arriving on two connections
/// at once (a client that gave up on a slow connection and resent it on a new one) is stored once.</para>
/// </summary>
public sealed partial class DedupWindow : IDisposable
{
    private readonly object _lock = new();
    private readonly HashSet<ChunkId> _ids = [];

    /// <summary>The ids in the order they were recorded: the oldest go first when the window is full.</summary>
    private readonly Queue<ChunkId> _order = new();
    private readonly Dictionary<ChunkId, TaskCompletionSource> _claims = [];
    private readonly DedupWindowOptions _options;
    private readonly ForwardLog _log;
    private bool _disposed;

    /// <summary>Ids kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Appends to the file that failed (the ids stay known in memory until the process ends).</summary>
    public long WriteFailures { get; private set; }

    public bool Contains(ChunkId id)
    {
        lock (_lock)
        {
            return _ids.Contains(id);
        }
    }

    /// <summary>True when the caller is now the one to store the chunk (and must then call <see cref="Record"/> or
    /// <see cref="Abandon"/>); false when it was stored already. Waits while another connection is storing it.</summary>
    public async ValueTask<bool> ClaimAsync(ChunkId id, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task other;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_ids.Contains(id))
                {
                    return false;
                }

                if (!_claims.TryGetValue(id, out var claim))
                {
                    _claims[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return true;
                }

                other = claim.Task;
            }

            await other.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The chunk is stored: remembers its id (in memory at once, in the file with one write) and ends its
    /// claim. An id already known is not written again. A failed write is logged and counted, not thrown: the chunk
    /// is stored, and acknowledging it is right; only a resend after a restart could store it twice.</summary>
    public void Record(ChunkId id)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EndClaim(id);
            if (!_ids.Add(id))
            {
                return;
            }

            _order.Enqueue(id);
            Evict();
            Append(id);
            if (_entriesInFile > (2L * _ids.Count) + CompactionSlack)
            {
                CompactLocked();
            }
        }
    }

    /// <summary>The store failed: another connection may try the chunk again.</summary>
    public void Abandon(ChunkId id)
    {
        lock (_lock)
        {
            EndClaim(id);
        }
    }

    private void EndClaim(ChunkId id)
    {
        if (_claims.Remove(id, out var claim))
        {
            claim.TrySetResult();
        }
    }

    /// <summary>Forgets ids whose chunks are older than the retention, oldest recorded first, and the oldest beyond
    /// the count limit. An old id behind a younger one waits its turn: ids arrive about in age order, and one kept a
    /// little longer costs 44 bytes.</summary>
    private int Evict()
    {
        var oldest = _options.Time.GetUtcNow() - _options.Retention;
        var evicted = 0;
        while (_order.Count > 0 && (_order.Count > _options.MaxIds || _order.Peek().CreatedAt < oldest))
        {
            _ids.Remove(_order.Dequeue());
            evicted++;
        }

        return evicted;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var claim in _claims.Values)
            {
                claim.TrySetResult();
            }

            _claims.Clear();
            CloseFile();
        }
    }
}
