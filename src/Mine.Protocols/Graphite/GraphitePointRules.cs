using System.Runtime.CompilerServices;
using Mine.Core.Series;

namespace Mine.Protocols.Graphite;

internal enum PointOutcome
{
    Accepted,
    NanDropped,
    Rejected,
}

/// <summary>
/// What carbon's <c>MetricReceiver.metricReceived</c> (plus <c>TaggedSeries</c> normalisation) does with a
/// parsed datapoint, shared by the plaintext and pickle parsers so both protocols accept exactly the same points.
/// Checks run in carbon's order: NaN value first (silently dropped), then the timestamp, then the path.
/// </summary>
internal static class GraphitePointRules
{
    /// <summary>9999-12-31T23:59:59Z. Beyond it a timestamp is certainly garbage (and breaks date formatting).</summary>
    public const long MaxTimestampSeconds = 253_402_300_799;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PointOutcome TryAdd(
        PointBatch batch, ReadOnlySpan<byte> name, double timestamp, double value, long nowSeconds, out RejectReason reason)
    {
        reason = RejectReason.None;
        if (double.IsNaN(value))
        {
            return PointOutcome.NanDropped;
        }

        if (!TryResolveTimestamp(timestamp, nowSeconds, out var seconds))
        {
            reason = RejectReason.TimestampOutOfRange;
            return PointOutcome.Rejected;
        }

        switch (MetricNameValidator.Classify(name))
        {
            case MetricNameKind.Plain:
                batch.Add(name, seconds, value);
                return PointOutcome.Accepted;
            case MetricNameKind.Tagged:
                if (TaggedNameCanonicalizer.TryAdd(batch, name, seconds, value))
                {
                    return PointOutcome.Accepted;
                }

                reason = RejectReason.BadTag;
                return PointOutcome.Rejected;
            default:
                reason = RejectReason.BadName;
                return PointOutcome.Rejected;
        }
    }

    /// <summary>
    /// carbon truncates with <c>int()</c> and treats −1 as "now", so −1.5 also means now while −0.5 means 0.
    /// Other negatives, NaN, ±∞ (which make carbon's <c>int()</c> raise) and years past 9999 are rejected.
    /// </summary>
    public static bool TryResolveTimestamp(double timestamp, long nowSeconds, out long seconds)
    {
        seconds = 0;
        if (!double.IsFinite(timestamp))
        {
            return false;
        }

        var whole = Math.Truncate(timestamp);
        if (whole == -1)
        {
            seconds = nowSeconds;
            return true;
        }

        if (whole < 0 || whole > MaxTimestampSeconds)
        {
            return false;
        }

        seconds = (long)whole;
        return true;
    }
}
