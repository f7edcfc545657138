using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>
/// One destination's part of the buffer, in its own folder: the staged chunk being filled, staged chunks waiting to
/// be sealed, and the queue of sealed chunks, which it hands to the forward client as an
/// <see cref="Forward.IChunkSource"/>. Two locks: staging (appends, sealing decisions) and queue (the index); the
/// staging lock may be held while taking the queue lock, never the reverse.
/// Partial files: this one (state, stats), .Staging (appends and sealing), .Queue (the forward client's side),
/// .Recovery (the folder as a previous run left it).
/// </summary>
internal sealed partial class BufferedDestination
{
    private readonly ChunkBufferOptions _options;
    private readonly BufferRoom _room;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;

    private long _pointsBuffered;
    private long _pointsDropped;
    private long _chunksDropped;
    private long _pointsAcknowledged;
    private long _chunksQuarantined;
    private long _appendsBlocked;

    public BufferedDestination(string key, string directory, ChunkBufferOptions options, BufferRoom room, TimeProvider time, Action<string> log)
    {
        Key = key;
        Directory = directory;
        _options = options;
        _room = room;
        _time = time;
        _log = log;
    }

    /// <summary>The destination's key: its folder's name and its metrics' label.</summary>
    public string Key { get; }

    public string Directory { get; }

    /// <summary>Sealed bytes waiting (in flight included): drop-oldest takes from the destination with the most.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Queued chunks not in flight exist (a drop-oldest candidate; a backlog the forward client has not taken).</summary>
    public bool HasReadyChunks => Volatile.Read(ref _readyCount) > 0;

    public void CountBlocked() => Interlocked.Increment(ref _appendsBlocked);

    /// <summary>Points the drop-oldest policy refused because nothing was left to drop.</summary>
    public void CountRefused(int points) => Interlocked.Add(ref _pointsDropped, points);

    public ChunkBufferStats Stats()
    {
        // Every age here is the id's: the queue is in id order, and a staged chunk's id is newer than any queued one.
        DateTimeOffset? oldest = null;
        int staged;
        lock (_stagingLock)
        {
            staged = _unsealed.Count + (_staged is null ? 0 : 1); // being sealed included
            foreach (var chunk in _unsealed)
            {
                oldest = Earlier(oldest, chunk.Id.CreatedAt);
            }

            if (_staged is not null)
            {
                oldest = Earlier(oldest, _staged.Id.CreatedAt);
            }
        }

        lock (_queueLock)
        {
            if (_queued.Count > 0)
            {
                foreach (var id in _queued.Keys)
                {
                    oldest = Earlier(oldest, id.CreatedAt);
                    break; // the index is sorted by id, and ids by creation time
                }
            }

            return new ChunkBufferStats
            {
                Destination = Key,
                ChunksQueued = _queued.Count,
                ChunksInFlight = _queued.Count - _ready.Count,
                BytesQueued = _queuedBytes,
                PointsQueued = _queuedPoints,
                ChunksStaged = staged,
                BytesStaged = Interlocked.Read(ref _stagedBytes),
                PointsStaged = Interlocked.Read(ref _stagedPoints),
                OldestUnacknowledged = oldest,
                PointsBuffered = Interlocked.Read(ref _pointsBuffered),
                PointsDropped = Interlocked.Read(ref _pointsDropped),
                ChunksDropped = Interlocked.Read(ref _chunksDropped),
                PointsAcknowledged = Interlocked.Read(ref _pointsAcknowledged),
                ChunksQuarantined = Interlocked.Read(ref _chunksQuarantined),
                AppendsBlocked = Interlocked.Read(ref _appendsBlocked),
            };
        }
    }

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value < b ? value : b;

    private string FileName(ChunkId id, string extension) => Key + "/" + id + extension;
}
