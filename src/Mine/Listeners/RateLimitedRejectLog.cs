using Mine.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Mine.Ingestion;
using Mine.Protocols.Graphite;

namespace Mine.Listeners;

/// <summary>
/// At most one log line per interval for rejected input (a <see cref="LogThrottle"/>), carrying a sample or the
/// reason and how many were rejected since the last line: a broken sender producing millions of bad lines or
/// packets cannot flood the log. Every listener reports its rejects through one of these.
/// </summary>
internal sealed class RateLimitedRejectLog(ILogger logger, string what, TimeSpan interval)
{
    private readonly LogThrottle _throttle = new(interval);

    /// <summary>The Graphite listeners: what the parser sampled since the last line (nothing when it rejected nothing).</summary>
    public void Report(RejectedInputSample? sample, string remote)
    {
        if (sample is null || !sample.HasSample || !_throttle.ShouldLog(out _))
        {
            return;
        }

        logger.LogWarning("{What}: {Count} invalid input(s) from {Remote}; last one {Sample}", what, sample.RecordedSinceReset, remote, sample.Describe());
        sample.Reset();
    }

    /// <summary>collectd: one rejected packet, its reason, and the listener's total so far.</summary>
    public void Report(string reason, string remote, long total)
    {
        if (!_throttle.ShouldLog(out var suppressed))
        {
            return;
        }

        logger.LogWarning("{What}: packet from {Remote} rejected ({Reason}), {Suppressed} more since the last line; {Total} rejections so far, by reason on /_internal/metrics",
            what, remote, reason, suppressed, total);
    }
}
