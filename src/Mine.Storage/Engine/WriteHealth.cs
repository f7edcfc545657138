namespace Mine.Storage.Engine;

/// <summary>
/// Whether the disk refuses the engine's writes, since when, and what an operator should do: set by the write path
/// when a write fails, cleared by the next one that succeeds, read by /health and metrics from any thread.
/// </summary>
internal sealed class WriteHealth(StorageCounters counters, string dataDirectory, Action<string> log)
{
    private volatile string? _problem;
    private long _sinceTicks;

    /// <summary>Null while writes succeed; otherwise what is wrong.</summary>
    public string? Problem => _problem;

    public void Failed(Exception ex)
    {
        if (_problem is null)
        {
            _sinceTicks = Environment.TickCount64;
            log($"storage refuses writes, input is held until it recovers: {ex.Message}");
        }

        Interlocked.Increment(ref counters.WriteFailures);
        _problem = $"writes failing: {ex.Message} (free disk space in {dataDirectory}; ingest resumes by itself)";
    }

    public void Succeeded()
    {
        if (_problem is null)
        {
            return;
        }

        log($"storage accepts writes again after {(Environment.TickCount64 - _sinceTicks) / 1000.0:F1} s");
        _problem = null;
    }
}
