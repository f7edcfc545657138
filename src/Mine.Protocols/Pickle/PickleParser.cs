using System.Buffers;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Protocols.Graphite;

namespace Mine.Protocols.Pickle;

/// <summary>
/// carbon's <c>MetricPickleReceiver.stringReceived</c>: unpickle a frame into a list of
/// <c>(path, (timestamp, value))</c> and add each good item. Timestamp and value may be int, float or str/bytes
/// (statsd sends values as strings); they get the same treatment as plaintext tokens, and the same
/// <see cref="GraphitePointRules"/> decide NaN, −1 and path validity. A frame that fails to unpickle adds nothing;
/// within a frame that unpickles, a bad item is counted and skipped while the good ones are kept.
/// Never throws on any input.
/// </summary>
public static class PickleParser
{
    /// <returns>False if the frame was rejected as a whole (see <see cref="PickleCounters.LastFrameError"/>).</returns>
    public static bool ParsePayload(ReadOnlySpan<byte> payload, long nowSeconds, PointBatch batch, ref PickleCounters counters)
    {
        counters.Frames++;
        var unpickler = Unpickler.Rent();
        try
        {
            if (!unpickler.TryLoad(payload, out var root))
            {
                return RejectFrame(unpickler.Error ?? "invalid pickle", ref counters);
            }

            if (!root.IsSequence)
            {
                return RejectFrame($"pickle holds a {root.Kind}, expected a list of (path, (timestamp, value))", ref counters);
            }

            for (var element = unpickler.FirstElement(root); element >= 0; element = unpickler.NextElement(element))
            {
                counters.Items++;
                AddItem(unpickler, payload, unpickler.ElementValue(element), nowSeconds, batch, ref counters);
            }

            return true;
        }
        finally
        {
            Unpickler.Return(unpickler);
        }
    }

    /// <summary>For pipelines: a payload spread over several segments is copied into one pooled buffer first.</summary>
    public static bool ParsePayload(in ReadOnlySequence<byte> payload, long nowSeconds, PointBatch batch, ref PickleCounters counters)
    {
        if (payload.IsSingleSegment)
        {
            return ParsePayload(payload.FirstSpan, nowSeconds, batch, ref counters);
        }

        if (payload.Length > Array.MaxLength)
        {
            counters.Frames++;
            return RejectFrame("pickle payload too large", ref counters);
        }

        var length = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return ParsePayload(rented.AsSpan(0, length), nowSeconds, batch, ref counters);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void AddItem(
        Unpickler unpickler, ReadOnlySpan<byte> payload, PickleValue item, long nowSeconds, PointBatch batch, ref PickleCounters counters)
    {
        if (!unpickler.TryGetPair(item, out var path, out var datapoint) || !path.IsString)
        {
            RejectItem(default, RejectReason.BadItemShape, ref counters);
            return;
        }

        var name = unpickler.GetBytes(payload, path);
        if (!unpickler.TryGetPair(datapoint, out var timestampValue, out var valueValue))
        {
            RejectItem(name, RejectReason.BadItemShape, ref counters);
            return;
        }

        if (!TryGetNumber(unpickler, payload, timestampValue, out var timestamp))
        {
            RejectItem(name, RejectReason.BadTimestamp, ref counters);
            return;
        }

        if (!TryGetNumber(unpickler, payload, valueValue, out var value))
        {
            RejectItem(name, RejectReason.BadValue, ref counters);
            return;
        }

        switch (GraphitePointRules.TryAdd(batch, name, timestamp, value, nowSeconds, out var reason))
        {
            case PointOutcome.Accepted:
                counters.Accepted++;
                break;
            case PointOutcome.AcceptedRepaired:
                counters.Accepted++;
                counters.NamesRepaired++;
                break;
            case PointOutcome.NanDropped:
                counters.NanDropped++;
                break;
            default:
                RejectItem(name, reason, ref counters);
                break;
        }
    }

    /// <summary>carbon's <c>float(x)</c>: numbers as they are, str and bytes parsed like plaintext tokens.</summary>
    private static bool TryGetNumber(Unpickler unpickler, ReadOnlySpan<byte> payload, PickleValue value, out double number) =>
        value.IsString
            ? PythonFloat.TryParse(unpickler.GetBytes(payload, value), out number)
            : value.TryGetNumber(out number);

    private static bool RejectFrame(string error, ref PickleCounters counters)
    {
        counters.FramesRejected++;
        counters.LastFrameError = error;
        return false;
    }

    private static void RejectItem(ReadOnlySpan<byte> name, RejectReason reason, ref PickleCounters counters)
    {
        counters.Invalid++;
        counters.InvalidByReason.Add(reason);
        counters.LastRejectReason = reason;
        counters.Sample?.Record(name, reason);
    }
}
