using System.Buffers;
using System.Text.Unicode;

namespace Mine.Protocols.Graphite;

internal enum MetricNameKind
{
    Invalid,
    Plain,
    Tagged,
}

/// <summary>
/// Decides whether a path may be stored. carbon itself stores nearly anything; we refuse bytes that break
/// storage, queries or logs: control bytes (&lt; 0x20), DEL (0x7f), spaces (they cannot travel in the plaintext
/// protocol, so a pickle path containing one could never be relayed) and invalid UTF-8 (carbon decodes paths
/// as UTF-8 and would fail on them too).
/// </summary>
internal static class MetricNameValidator
{
    /// <summary>Printable ASCII except ';': the bytes nearly every real path consists of.</summary>
    private static readonly SearchValues<byte> s_plainPathBytes = CreatePlainPathBytes();

    public static MetricNameKind Classify(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return MetricNameKind.Invalid;
        }

        // One vectorised scan settles the common case; only unusual names pay for the byte loop.
        var firstUnusual = name.IndexOfAnyExcept(s_plainPathBytes);
        return firstUnusual < 0 ? MetricNameKind.Plain : ClassifyUnusual(name[firstUnusual..]);
    }

    private static MetricNameKind ClassifyUnusual(ReadOnlySpan<byte> rest)
    {
        var tagged = false;
        var nonAscii = false;
        foreach (var b in rest)
        {
            if (b == ';')
            {
                tagged = true;
            }
            else if (b <= 0x20 || b == 0x7f)
            {
                return MetricNameKind.Invalid;
            }
            else if (b >= 0x80)
            {
                nonAscii = true;
            }
        }

        // rest starts at the first unusual byte and everything before it was ASCII, so it starts on a
        // character boundary and can be validated on its own.
        if (nonAscii && !Utf8.IsValid(rest))
        {
            return MetricNameKind.Invalid;
        }

        return tagged ? MetricNameKind.Tagged : MetricNameKind.Plain;
    }

    private static SearchValues<byte> CreatePlainPathBytes()
    {
        var bytes = new List<byte>();
        for (var b = 0x21; b <= 0x7e; b++)
        {
            if (b != ';')
            {
                bytes.Add((byte)b);
            }
        }

        return SearchValues.Create(bytes.ToArray());
    }
}
