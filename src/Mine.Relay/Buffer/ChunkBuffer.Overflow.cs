namespace Mine.Relay.Buffer;

/// <summary>The total size limit: waiting for room (block) or making it (drop-oldest).</summary>
public sealed partial class ChunkBuffer
{
    /// <summary>Reserves <paramref name="bytes"/> once the buffer is full; false when the piece must be refused.</summary>
    private async ValueTask<bool> MakeRoomAsync(BufferedDestination target, int bytes, CancellationToken cancellationToken)
    {
        if (_options.Overflow == BufferOverflow.DropOldest)
        {
            while (!_room.TryReserve(bytes))
            {
                if (!DropOldestChunk())
                {
                    return false;
                }
            }

            return true;
        }

        target.CountBlocked();
        Interlocked.Increment(ref _appendsWaiting);
        try
        {
            while (true)
            {
                // Taken before looking, so room freed between the look and the wait is not missed.
                var freed = _room.Freed;
                if (_room.TryReserve(bytes))
                {
                    return true;
                }

                ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
                await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _appendsWaiting);
        }
    }

    /// <summary>
    /// Deletes the oldest chunk not in flight of the destination with the most queued bytes: the one that is down,
    /// usually, so the destinations that keep up lose nothing. False when no destination has one.
    /// </summary>
    private bool DropOldestChunk()
    {
        while (true)
        {
            BufferedDestination? largest = null;
            foreach (var destination in _destinations)
            {
                if (destination.HasReadyChunks && (largest is null || destination.QueuedBytes > largest.QueuedBytes))
                {
                    largest = destination;
                }
            }

            if (largest is null)
            {
                return false;
            }

            if (largest.TryDropOldest(out var id, out var entry))
            {
                _drops.Dropped(largest.Key, entry.Points, id.CreatedAt);
                return true;
            }

            // Another thread took it first (sent or dropped); look again.
        }
    }
}
