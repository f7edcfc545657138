namespace Mine.Relay.Buffer;

/// <summary>
/// "Something changed; look again": a waiter takes <see cref="Next"/> before it checks its condition and awaits it
/// only if the condition is false, so a <see cref="Fire"/> between the check and the await is never missed.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _next = New();

    /// <summary>Completes at the next <see cref="Fire"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Fire() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    // Continuations run on the thread pool, never inside Fire: a firing thread may hold a lock.
    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
