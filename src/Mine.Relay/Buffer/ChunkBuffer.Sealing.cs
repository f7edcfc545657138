using Mine.Core.Health;

namespace Mine.Relay.Buffer;

/// <summary>
/// Sealing runs on one loop, never on an appending thread: full chunks as soon as an append fills one, staged
/// chunks when they are old enough, and failed seals again, at every tick.
/// </summary>
public sealed partial class ChunkBuffer
{
    /// <summary>Longest wait between two passes of <see cref="RunSealingAsync"/>.</summary>
    public TimeSpan SealingTick => TimeSpan.FromTicks(Math.Min(_options.FlushInterval.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks));

    /// <summary>
    /// The sealing loop, for the host's supervisor: runs <see cref="SealDue"/> whenever an append fills a chunk and
    /// at least every <see cref="SealingTick"/>, until <paramref name="stopping"/> is cancelled (then it throws
    /// <see cref="OperationCanceledException"/>). A failed seal or fsync marks <paramref name="health"/> failing
    /// (the loop goes on and retries); a pass that succeeds marks it running.
    /// </summary>
    public async Task RunSealingAsync(LoopHealth? health, CancellationToken stopping)
    {
        while (true)
        {
            // Taken before the pass, so a chunk filled during it is sealed right after, not a tick later.
            var wanted = _sealWanted.Next;
            try
            {
                SealDue();
                health?.Succeeded();
            }
            catch (IOException e)
            {
                health?.Failed(e.Message);
            }

            await Task.WhenAny(wanted, Task.Delay(SealingTick, _time, stopping)).ConfigureAwait(false);
            stopping.ThrowIfCancellationRequested();
            if (Volatile.Read(ref _closed) != 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass of the sealing loop: seals the chunks appends have filled, every staged chunk older than the flush
    /// interval (or, while the destination has chunks waiting unsent, older than the backlog flush interval) and the
    /// chunks whose seal failed before, and fsyncs staged files written since a flush interval. Returns the chunks
    /// sealed; throws <see cref="IOException"/> after doing all it could when a seal or fsync failed (the points stay
    /// in their staged file and the next pass retries).
    /// </summary>
    public int SealDue()
    {
        var now = _time.GetUtcNow();
        var failures = new List<string>();
        var sealedCount = 0;
        foreach (var destination in _destinations)
        {
            sealedCount += destination.SealDue(now, failures);
        }

        _drops.Flush();
        return failures.Count == 0 ? sealedCount : throw new IOException("buffer: " + string.Join("; ", failures));
    }
}
