namespace Mine.Relay.Tests.Forward;

/// <summary>A clock a test moves by hand. Timers fire at once, recording the wait asked for.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    private readonly object _lock = new();

    public DateTimeOffset Now { get; set; } = now;

    /// <summary>Every timer's due time, in the order they were asked for (the client's waits before reconnecting).</summary>
    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            Waits.Add(dueTime);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan[] WaitsSoFar()
    {
        lock (_lock)
        {
            return [.. Waits];
        }
    }
}
