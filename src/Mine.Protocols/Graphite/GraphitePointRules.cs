using System.Runtime.CompilerServices;
using Mine.Core.Series;

namespace Mine.Protocols.Graphite;

internal enum PointOutcome
{
    Accepted,

    /// <summary>Accepted under a repaired name (empty path components removed).</summary>
    AcceptedRepaired,
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
                return AddPlain(batch, name, seconds, value, out reason);
            case MetricNameKind.Tagged:
                return AddTagged(batch, name, seconds, value, out reason);
            default:
                reason = RejectReason.BadName;
                return PointOutcome.Rejected;
        }
    }

    /// <summary>
    /// An untagged path as storage can hold it: empty components removed (<c>a..b</c> lands on <c>a.b</c>, as it
    /// lands in carbon's whisper file <c>a/b.wsp</c>), then the shared storage rule checked, so nothing a parser
    /// accepts is refused by storage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PointOutcome AddPlain(PointBatch batch, ReadOnlySpan<byte> name, long seconds, double value, out RejectReason reason)
    {
        reason = RejectReason.None;
        if (name.Length > MetricNames.MaxBytes)
        {
            reason = RejectReason.NameTooLong;
            return PointOutcome.Rejected;
        }

        if (!MetricNames.HasEmptyComponent(name))
        {
            batch.Add(name, seconds, value);
            return PointOutcome.Accepted;
        }

        Span<byte> repaired = stackalloc byte[name.Length];
        var length = MetricNames.RemoveEmptyComponents(name, repaired);
        if (length == 0)
        {
            reason = RejectReason.BadName;
            return PointOutcome.Rejected;
        }

        batch.Add(repaired[..length], seconds, value);
        return PointOutcome.AcceptedRepaired;
    }

    private static PointOutcome AddTagged(PointBatch batch, ReadOnlySpan<byte> name, long seconds, double value, out RejectReason reason)
    {
        reason = RejectReason.None;
        if (name.Length > MetricNames.MaxBytes)
        {
            reason = RejectReason.NameTooLong;
            return PointOutcome.Rejected;
        }

        Span<byte> canonical = stackalloc byte[name.Length];
        if (!TaggedNameCanonicalizer.TryCanonicalize(name, canonical, out var written))
        {
            reason = RejectReason.BadTag;
            return PointOutcome.Rejected;
        }

        // A name whose only tag is "name=" canonicalises to a plain path, which must pass the plain path's rules.
        var result = canonical[..written];
        if (result.IndexOf((byte)';') < 0)
        {
            return AddPlain(batch, result, seconds, value, out reason);
        }

        if (MetricNames.Check(result) != MetricNameProblem.None)
        {
            reason = RejectReason.BadTag;
            return PointOutcome.Rejected;
        }

        batch.Add(result, seconds, value);
        return PointOutcome.Accepted;
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
