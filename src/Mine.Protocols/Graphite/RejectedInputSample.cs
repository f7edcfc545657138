using System.Text;

namespace Mine.Protocols.Graphite;

/// <summary>
/// Keeps a short copy of the most recently rejected line or pickle path so a listener can log it at a limited
/// rate. Recording copies at most <see cref="MaxSampleBytes"/> bytes into a fixed buffer; the only allocation is
/// the string built by <see cref="Describe"/>, which the caller requests when it actually logs.
/// Not thread-safe: use one per connection (or per UDP receive loop), like the counters that point at it.
/// </summary>
public sealed class RejectedInputSample
{
    public const int MaxSampleBytes = 200;

    private readonly byte[] _bytes = new byte[MaxSampleBytes];
    private int _length;
    private int _originalLength;

    /// <summary>Rejections recorded since the last <see cref="Reset"/>.</summary>
    public long RecordedSinceReset { get; private set; }

    public RejectReason LastReason { get; private set; }

    public bool HasSample => RecordedSinceReset > 0;

    internal void Record(ReadOnlySpan<byte> input, RejectReason reason)
    {
        _length = Math.Min(input.Length, MaxSampleBytes);
        _originalLength = input.Length;
        input[.._length].CopyTo(_bytes);
        LastReason = reason;
        RecordedSinceReset++;
    }

    /// <summary>
    /// The last rejected input as a log-safe string: printable ASCII kept, every other byte (control characters,
    /// UTF-8, the backslash itself) written as <c>\xNN</c>, so a hostile sender cannot forge log lines.
    /// </summary>
    public string Describe()
    {
        if (!HasSample)
        {
            return string.Empty;
        }

        var text = new StringBuilder(_length + 64);
        text.Append(LastReason).Append(": \"");
        foreach (var b in _bytes.AsSpan(0, _length))
        {
            if (b is >= 0x20 and < 0x7f and not (byte)'\\' and not (byte)'"')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        text.Append('"');
        if (_originalLength > _length)
        {
            text.Append("... (").Append(_originalLength).Append(" bytes)");
        }

        return text.ToString();
    }

    public void Reset() => RecordedSinceReset = 0;
}
