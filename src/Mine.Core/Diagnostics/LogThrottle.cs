namespace Mine.Core.Diagnostics;

/// <summary>
/// Lets one log line through per interval and counts the ones it held back, so a broken sender or a failing disk
/// producing the same problem thousands of times a second cannot flood the log. Thread-safe.
/// </summary>
public sealed class LogThrottle(TimeSpan interval)
{
    private long _nextAllowed;
    private long _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> says how many were held back
    /// since the last one.</summary>
    public bool ShouldLog(out long suppressed)
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + (long)interval.TotalMilliseconds, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
