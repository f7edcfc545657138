namespace Mine.Relay.Buffer;

/// <summary>The total size limit: waiting for room (block) or making it (drop-oldest).</summary>
public sealed partial class ChunkBuffer
{
    /// <summary>The longest a drop-oldest append waits for the sealing loop to seal full chunks (so that they can be
    /// dropped) before it refuses its own points: seals take milliseconds, unless the disk is failing.</summary>
    internal static readonly TimeSpan SealWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Reserves <paramref name="bytes"/> once the buffer is full; false when the piece must be refused.</summary>
    private async ValueTask<bool> MakeRoomAsync(BufferedDestination target, int bytes, CancellationToken cancellationToken)
    {
        if (_options.Overflow == BufferOverflow.DropOldest)
        {
            return await DropOldestUntilRoomAsync(bytes, cancellationToken).ConfigureAwait(false);
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
    /// Drops the oldest chunks until the piece fits. When nothing sealed is left to drop but full chunks are waiting
    /// for the sealing loop (appends outran it), those are older than the piece: the append waits for their seal (which
    /// also shrinks them) and drops them then, rather than refusing the newest points. Refused (false) when nothing is
    /// left to drop or seal, or the seals do not come within <see cref="SealWaitLimit"/>.
    /// </summary>
    private async ValueTask<bool> DropOldestUntilRoomAsync(int bytes, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            // Taken before looking, so a seal finishing between the look and the wait is not missed.
            var freed = _room.Freed;
            if (_room.TryReserve(bytes))
            {
                return true;
            }

            if (DropOldestChunk())
            {
                continue;
            }

            if (!_destinations.Any(static d => d.HasUnsealedChunks) || waited >= SealWaitLimit)
            {
                return false;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
            _sealWanted.Fire();
            var started = _time.GetTimestamp();
            try
            {
                await freed.WaitAsync(SealWaitLimit - waited, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }

            waited += _time.GetElapsedTime(started);
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
