namespace Mine.Relay.Forward;

/// <summary>
/// The wait before the k-th reconnection in a row, as Fluentd's exponential backoff (docs/relay.md, "The client's
/// retries"): first × 2^(k−1), capped, then randomized by ±<c>randomization</c>. The cap comes before the
/// randomization, as in Fluentd, so that relays which have all reached the cap do not reconnect in step.
/// </summary>
public static class ForwardBackoff
{
    /// <summary>The wait before retry <paramref name="retry"/> (1 for the first); <paramref name="unit"/> is a
    /// random number in [0, 1): 0.5 gives the wait without randomization.</summary>
    public static TimeSpan Delay(int retry, TimeSpan first, TimeSpan max, double randomization, double unit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        // 2^(k−1) in double: no overflow however long the outage lasts, and the cap makes it finite again.
        var seconds = Math.Min(first.TotalSeconds * Math.Pow(2, retry - 1), max.TotalSeconds);
        seconds *= 1 + (randomization * ((2 * unit) - 1));
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }
}
