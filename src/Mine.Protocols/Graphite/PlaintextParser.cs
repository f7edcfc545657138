using System.Runtime.CompilerServices;
using Mine.Compat.Python;
using Mine.Core.Series;

namespace Mine.Protocols.Graphite;

/// <summary>
/// Graphite plaintext protocol, <c>path value timestamp\n</c>, following carbon's
/// <c>MetricLineReceiver.lineReceived</c>: strip the line, split on whitespace into exactly three tokens, parse
/// value and timestamp as Python floats. Pure: no sockets, no clocks (the caller passes "now"), no allocation
/// for valid untagged lines. The rules points must satisfy live in <see cref="GraphitePointRules"/>.
/// </summary>
public static class PlaintextParser
{
    /// <summary>carbon's <c>LineOnlyReceiver.MAX_LENGTH</c>, in bytes, excluding the '\n' (a '\r' counts).</summary>
    public const int MaxLineLength = 16384;

    /// <summary>
    /// Parses every complete line in <paramref name="buffer"/> into <paramref name="batch"/> and returns how many
    /// bytes were consumed; the caller keeps the rest and passes it again, with more data appended, next time.
    /// </summary>
    /// <param name="isFinalBlock">
    /// No more data will follow (connection closed, or the buffer is one whole UDP datagram): a trailing line
    /// without '\n' is parsed too, and everything is consumed.
    /// </param>
    /// <param name="nowSeconds">Unix time used for timestamp −1.</param>
    /// <remarks>
    /// Oversized lines: carbon disconnects a client whose line exceeds <see cref="MaxLineLength"/>. We keep the
    /// connection open, count the line as invalid (and in <see cref="PlaintextCounters.Oversized"/>) and skip it,
    /// because one bad producer multiplexed over a relay connection should not cost the other series their data.
    /// When an unfinished line is already too long, its bytes are consumed and
    /// <see cref="PlaintextCounters.DiscardingOversizedLine"/> is set; the following calls discard input up to the
    /// next '\n' before parsing resumes. So a caller only ever holds at most <see cref="MaxLineLength"/> unconsumed
    /// bytes, and needs a receive buffer of at least <see cref="MaxLineLength"/> + 1 bytes to make progress.
    /// </remarks>
    public static int ParseLines(
        ReadOnlySpan<byte> buffer, bool isFinalBlock, long nowSeconds, PointBatch batch, ref PlaintextCounters counters)
    {
        var consumed = 0;
        if (counters.DiscardingOversizedLine)
        {
            consumed = SkipOversizedLine(buffer, out var lineEndFound);
            if (!lineEndFound && !isFinalBlock)
            {
                return consumed;
            }

            counters.DiscardingOversizedLine = false;
        }

        var remaining = buffer[consumed..];
        while (true)
        {
            var lineLength = remaining.IndexOf((byte)'\n');
            if (lineLength < 0)
            {
                break;
            }

            ParseLine(remaining[..lineLength], nowSeconds, batch, ref counters);
            consumed += lineLength + 1;
            remaining = remaining[(lineLength + 1)..];
        }

        if (remaining.IsEmpty)
        {
            return consumed;
        }

        if (isFinalBlock)
        {
            ParseLine(remaining, nowSeconds, batch, ref counters);
            return consumed + remaining.Length;
        }

        if (remaining.Length > MaxLineLength)
        {
            counters.Lines++;
            CountOversized(remaining, ref counters);
            counters.DiscardingOversizedLine = true;
            return consumed + remaining.Length;
        }

        return consumed;
    }

    /// <summary>
    /// Returns how many leading bytes of <paramref name="buffer"/> belong to the rest of an oversized line: up to
    /// and including the first '\n' if there is one (<paramref name="lineEndFound"/> = true), else all of them.
    /// <see cref="ParseLines"/> calls this itself; it is public for callers that frame lines themselves.
    /// </summary>
    public static int SkipOversizedLine(ReadOnlySpan<byte> buffer, out bool lineEndFound)
    {
        var newline = buffer.IndexOf((byte)'\n');
        lineEndFound = newline >= 0;
        return lineEndFound ? newline + 1 : buffer.Length;
    }

    /// <summary>One line, without its '\n'.</summary>
    private static void ParseLine(ReadOnlySpan<byte> line, long nowSeconds, PointBatch batch, ref PlaintextCounters counters)
    {
        counters.Lines++;
        if (line.Length > MaxLineLength)
        {
            CountOversized(line, ref counters);
            return;
        }

        // Python's strip(): usually there is nothing to strip except the '\r' of a "\r\n" sender.
        var text = line;
        if (text.Length > 0 && (text[0] <= ' ' || text[^1] <= ' '))
        {
            text = PythonFloat.Trim(text);
        }

        if (text.IsEmpty)
        {
            counters.Blank++;
            return;
        }

        var nameEnd = text.IndexOfAny(PythonFloat.Whitespace);
        if (nameEnd < 0)
        {
            Reject(line, RejectReason.WrongFieldCount, ref counters);
            return;
        }

        // The text is trimmed, so after each whitespace run another token starts.
        var valueStart = SkipWhitespace(text, nameEnd);
        var valueEnd = FindWhitespace(text, valueStart);
        if (valueEnd == text.Length)
        {
            Reject(line, RejectReason.WrongFieldCount, ref counters);
            return;
        }

        var timestampText = text[SkipWhitespace(text, valueEnd)..];
        if (!PythonFloat.TryParse(text[valueStart..valueEnd], out var value))
        {
            Reject(line, HasMoreTokens(timestampText) ? RejectReason.WrongFieldCount : RejectReason.BadValue, ref counters);
            return;
        }

        if (!PythonFloat.TryParse(timestampText, out var timestamp))
        {
            Reject(line, HasMoreTokens(timestampText) ? RejectReason.WrongFieldCount : RejectReason.BadTimestamp, ref counters);
            return;
        }

        switch (GraphitePointRules.TryAdd(batch, text[..nameEnd], timestamp, value, nowSeconds, out var reason))
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
                Reject(line, reason, ref counters);
                break;
        }
    }

    private static bool HasMoreTokens(ReadOnlySpan<byte> lastToken) => lastToken.IndexOfAny(PythonFloat.Whitespace) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> text, int index)
    {
        while (index < text.Length && PythonFloat.IsWhitespace(text[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>A scalar scan: value tokens are a few bytes long, too short for a vectorised search to pay off.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindWhitespace(ReadOnlySpan<byte> text, int index)
    {
        while (index < text.Length && !PythonFloat.IsWhitespace(text[index]))
        {
            index++;
        }

        return index;
    }

    private static void CountOversized(ReadOnlySpan<byte> line, ref PlaintextCounters counters)
    {
        counters.Oversized++;
        Reject(line, RejectReason.LineTooLong, ref counters);
    }

    private static void Reject(ReadOnlySpan<byte> line, RejectReason reason, ref PlaintextCounters counters)
    {
        counters.Invalid++;
        counters.InvalidByReason.Add(reason);
        counters.LastRejectReason = reason;
        counters.Sample?.Record(line, reason);
    }
}
