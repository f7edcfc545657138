namespace Mine.Core.Health;

/// <summary>What a background loop is doing, as its watchdog sees it.</summary>
public enum LoopState
{
    /// <summary>Not started yet.</summary>
    Starting,

    /// <summary>Beating: it made progress (or checked for work) recently.</summary>
    Running,

    /// <summary>Its last attempt failed; it is retrying (a full disk, an unreachable peer).</summary>
    Failing,

    /// <summary>It ended because the process is stopping.</summary>
    Stopped,

    /// <summary>It ended on its own and will not run again: the process is deaf in this respect.</summary>
    Dead,
}

/// <summary>
/// The liveness of one background loop (the ingest writer, storage's flush and maintenance threads, the fleet
/// snapshotter, the landmine refresher, a listener's accept loop, …), updated by the loop itself and read by the
/// host's /health and /_internal/metrics. A loop that waits for work still beats every time its wait times out, so
/// "no beat for <see cref="StallAfter"/>" means stuck, not idle. Thread-safe; beats are cheap (one volatile write).
/// </summary>
public sealed class LoopHealth(string name, TimeSpan stallAfter)
{
    private readonly object _lock = new();
    private long _lastBeatTicks = Environment.TickCount64;
    private volatile LoopState _state = LoopState.Starting;
    private string? _lastError;
    private long _failures;
    private long _restarts;
    private DateTimeOffset? _failingSince;

    /// <summary>Short, stable name (used as a metric label): <c>ingest-writer</c>, <c>storage-flush</c>, …</summary>
    public string Name { get; } = name;

    /// <summary>A running loop that has not beaten for this long counts as stalled.</summary>
    public TimeSpan StallAfter { get; } = stallAfter;

    /// <summary>The loop made progress or looked for work and found none.</summary>
    public void Beat()
    {
        Volatile.Write(ref _lastBeatTicks, Environment.TickCount64);
        if (_state is LoopState.Starting)
        {
            lock (_lock)
            {
                _state = LoopState.Running;
            }
        }
    }

    /// <summary>An attempt succeeded after failures: the loop is healthy again.</summary>
    public void Succeeded()
    {
        Volatile.Write(ref _lastBeatTicks, Environment.TickCount64);
        if (_state is not LoopState.Running)
        {
            lock (_lock)
            {
                _state = LoopState.Running;
                _failingSince = null;
            }
        }
    }

    /// <summary>An attempt failed; the loop goes on and will retry.</summary>
    public void Failed(string error)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastBeatTicks, Environment.TickCount64);
            _failingSince ??= DateTimeOffset.UtcNow;
            _state = LoopState.Failing;
            _lastError = error;
            _failures++;
        }
    }

    /// <summary>The loop crashed and its supervisor started it again.</summary>
    public void Restarted(string error)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastBeatTicks, Environment.TickCount64);
            _lastError = error;
            _failures++;
            _restarts++;
            _state = LoopState.Running;
        }
    }

    /// <summary>The loop ended because the process is stopping.</summary>
    public void Stopped()
    {
        lock (_lock)
        {
            _state = LoopState.Stopped;
        }
    }

    /// <summary>The loop ended for good (a bug, or its supervisor gave up).</summary>
    public void Died(string error)
    {
        lock (_lock)
        {
            _state = LoopState.Dead;
            _lastError = error;
            _failures++;
        }
    }

    /// <summary>A consistent copy of the loop's state.</summary>
    public LoopHealthSnapshot Snapshot()
    {
        lock (_lock)
        {
            var sinceBeat = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastBeatTicks));
            var stalled = _state is LoopState.Running or LoopState.Failing && sinceBeat > StallAfter;
            return new LoopHealthSnapshot(Name, _state, stalled, sinceBeat, _lastError, _failures, _restarts, _failingSince);
        }
    }
}

/// <summary>A loop's state at one moment.</summary>
public sealed record LoopHealthSnapshot(
    string Name, LoopState State, bool Stalled, TimeSpan SinceLastBeat, string? LastError, long Failures, long Restarts, DateTimeOffset? FailingSince)
{
    /// <summary>Running and beating. A failing loop is alive but degraded; a dead or stalled one is not alive.</summary>
    public bool Healthy => State is LoopState.Running or LoopState.Starting && !Stalled;

    /// <summary>One line for /health and logs.</summary>
    public string Describe() => State switch
    {
        _ when Stalled => $"{Name}: stalled, no progress for {SinceLastBeat.TotalSeconds:F0} s{Suffix()}",
        LoopState.Failing => $"{Name}: failing since {FailingSince:u}{Suffix()}",
        LoopState.Dead => $"{Name}: dead{Suffix()}",
        _ => $"{Name}: {State.ToString().ToLowerInvariant()}",
    };

    private string Suffix() => LastError is null ? "" : $" ({LastError})";
}
