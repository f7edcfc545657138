using Microsoft.Extensions.Logging;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>
/// At most one log line per interval for rejected input, carrying a sample and how many were rejected since the
/// last line: a broken sender producing millions of bad lines cannot flood the log.
/// </summary>
internal sealed class RateLimitedRejectLog(ILogger logger, string what, TimeSpan interval)
{
    private long _nextAllowed;

    public void Report(RejectedInputSample? sample, string remote)
    {
        if (sample is null || !sample.HasSample)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextAllowed))
        {
            return;
        }

        Interlocked.Exchange(ref _nextAllowed, now + (long)interval.TotalMilliseconds);
        logger.LogWarning("{What}: {Count} invalid input(s) from {Remote}; last one {Sample}", what, sample.RecordedSinceReset, remote, sample.Describe());
        sample.Reset();
    }
}
