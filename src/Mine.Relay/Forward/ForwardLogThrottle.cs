namespace Mine.Relay.Forward;

/// <summary>Lets one log line through per interval and counts the ones held back, so a peer that keeps sending
/// garbage cannot flood the log (as the host's LogThrottle, which Mine.Relay does not reference). Thread-safe.</summary>
internal sealed class ForwardLogThrottle(TimeSpan interval)
{
    private long _nextAllowed;
    private long _suppressed;

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
