using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Forward;

/// <summary>
/// An in-memory <see cref="IChunkSource"/> that behaves as the disk buffer promises (a released chunk goes back to
/// the head) and checks the client's side of the contract: only chunks in flight are acknowledged, released or
/// rejected, each at most once.
/// </summary>
internal sealed class FakeChunkSource : IChunkSource, IDisposable
{
    private readonly object _lock = new();
    private readonly LinkedList<QueuedChunk> _queue = new();
    private readonly Dictionary<ChunkId, QueuedChunk> _inFlight = [];
    private readonly SemaphoreSlim _available = new(0);
    private TaskCompletionSource _allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _total;

    public FakeChunkSource(IEnumerable<QueuedChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            Add(chunk);
        }
    }

    public List<ChunkId> Acknowledged { get; } = [];

    public Dictionary<ChunkId, string> Rejected { get; } = [];

    public int Releases { get; private set; }

    public int HandedOut { get; private set; }

    /// <summary>Contract violations seen (a test asserts there are none).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>Chunks in flight now, at most (the client's window).</summary>
    public int MaxInFlight { get; private set; }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    public void Add(QueuedChunk chunk)
    {
        lock (_lock)
        {
            _queue.AddLast(chunk);
            _total++;
            if (_allDone.Task.IsCompleted)
            {
                _allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _available.Release();
    }

    /// <summary>Completes when every chunk added has been acknowledged or rejected.</summary>
    public Task AllDone(TimeSpan timeout)
    {
        lock (_lock)
        {
            return _allDone.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask<QueuedChunk> NextAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var chunk = _queue.First!.Value;
            _queue.RemoveFirst();
            _inFlight.Add(chunk.Id, chunk);
            HandedOut++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight.Count);
            return chunk;
        }
    }

    public void Acknowledge(ChunkId id)
    {
        lock (_lock)
        {
            if (Leave(id, "acknowledged") is not null)
            {
                Acknowledged.Add(id);
                CheckDone();
            }
        }
    }

    public void Release(ChunkId id)
    {
        QueuedChunk? chunk;
        lock (_lock)
        {
            chunk = Leave(id, "released");
            if (chunk is null)
            {
                return;
            }

            _queue.AddFirst(chunk);
            Releases++;
        }

        _available.Release();
    }

    public void Reject(ChunkId id, string reason)
    {
        lock (_lock)
        {
            if (Leave(id, "rejected") is not null)
            {
                Rejected.Add(id, reason);
                CheckDone();
            }
        }
    }

    /// <summary>The ids waiting, head first.</summary>
    public ChunkId[] Queued()
    {
        lock (_lock)
        {
            return [.. _queue.Select(c => c.Id)];
        }
    }

    private QueuedChunk? Leave(ChunkId id, string what)
    {
        if (!_inFlight.Remove(id, out var chunk))
        {
            Violations.Add($"chunk {id} {what} while not in flight");
            return null;
        }

        return chunk;
    }

    private void CheckDone()
    {
        if (Acknowledged.Count + Rejected.Count == _total)
        {
            _allDone.TrySetResult();
        }
    }

    /// <summary>Frees nothing: the semaphore never makes its wait handle, and disposing it would strand a client
    /// still waiting in <see cref="NextAsync"/> (a test's sources are disposed before its rig stops the clients).</summary>
    public void Dispose()
    {
    }
}
