using Mine.Hosting;

namespace Mine.Api;

/// <summary>
/// Admission for renders: at most <c>MaxConcurrentRenders</c> compute at once, at most <c>MaxQueuedRenders</c>
/// more wait (each for up to <c>RenderQueueSeconds</c>), and anything beyond is refused at once with 503 and
/// Retry-After. A burst of heavy queries then costs a bounded amount of CPU and memory (concurrency × the
/// per-request memory budget) and waits or is refused, instead of every render slowing every other one and
/// ingest down together.
/// </summary>
internal sealed class RenderGate(int concurrency, int queueLength, TimeSpan queueWait, RequestCounters? counters = null) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency), Math.Max(1, concurrency));
    private readonly int _capacity = Math.Max(1, concurrency) + Math.Max(0, queueLength);
    private int _inside;

    /// <summary>Seconds a refused client is told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 2;

    /// <summary>Renders running or waiting now.</summary>
    public int Inside => Volatile.Read(ref _inside);

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    /// <exception cref="RenderBusyException">The queue is full, or no slot came free within the wait.</exception>
    public async Task<IDisposable> EnterAsync(CancellationToken aborted)
    {
        counters?.RenderEntered();
        if (Interlocked.Increment(ref _inside) > _capacity)
        {
            Leave();
            throw Refuse($"Too many renders at once: {_capacity} are running or queued (MaxConcurrentRenders + MaxQueuedRenders); retry in {RetryAfterSeconds} s.");
        }

        bool entered;
        try
        {
            entered = await _slots.WaitAsync(queueWait, aborted).ConfigureAwait(false);
        }
        catch
        {
            Leave();
            throw;
        }

        if (!entered)
        {
            Leave();
            throw Refuse($"No render slot came free within {queueWait.TotalSeconds:0.#} s (RenderQueueSeconds); retry in {RetryAfterSeconds} s.");
        }

        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private void Leave()
    {
        Interlocked.Decrement(ref _inside);
        counters?.RenderLeft();
    }

    private RenderBusyException Refuse(string message)
    {
        counters?.RenderRefused();
        return new RenderBusyException(message);
    }

    private sealed class Slot(RenderGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate._slots.Release();
                gate.Leave();
            }
        }
    }
}

/// <summary>The server is busy with renders; answered with 503 and Retry-After.</summary>
internal sealed class RenderBusyException(string message) : Exception(message);
