using System.Buffers;
using System.Text.Unicode;

namespace Mine.Core.Series;

/// <summary>Why a metric name cannot be stored (<see cref="MetricNames.Check"/>).</summary>
public enum MetricNameProblem : byte
{
    None = 0,

    /// <summary>No bytes at all, or nothing left once empty path components are removed.</summary>
    Empty,

    /// <summary>Longer than <see cref="MetricNames.MaxBytes"/>.</summary>
    TooLong,

    /// <summary>A control byte, a space or DEL: such a name cannot travel in the plaintext protocol or a log line.</summary>
    ForbiddenByte,

    /// <summary>Not valid UTF-8 (carbon decodes paths as UTF-8 and fails on these too).</summary>
    InvalidUtf8,

    /// <summary>An untagged path with an empty component: <c>a..b</c>, <c>.a</c> or <c>a.</c>.</summary>
    EmptyComponent,

    /// <summary>A tagged name that is not <c>path;tag=value[;tag=value…]</c> with non-empty parts.</summary>
    BadTag,
}

/// <summary>
/// The one rule for which metric names storage accepts. Parsers refuse (or repair) names with it before a point
/// is queued, and storage checks it again before it creates a series, so a name that slips past a parser is
/// counted and skipped instead of reaching the name index (which cannot hold it).
/// </summary>
/// <remarks>
/// What storage keeps is a tree of dot-separated components (an empty component has no node to live in) plus
/// tagged series <c>path;tag=value</c> (graphite's grammar, checked structurally here; the protocol layer puts
/// them in carbon's canonical form first). Names are at most <see cref="MaxBytes"/> bytes: carbon maps a name to a
/// file path, and Linux refuses paths beyond 4,096 bytes.
/// </remarks>
public static class MetricNames
{
    /// <summary>Longest name storage accepts, in UTF-8 bytes.</summary>
    public const int MaxBytes = 4096;

    private static readonly SearchValues<byte> s_unusualBytes = CreateUnusualBytes();

    /// <summary>Whether storage can hold <paramref name="name"/> as it is; <see cref="MetricNameProblem.None"/> if so.</summary>
    public static MetricNameProblem Check(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return MetricNameProblem.Empty;
        }

        if (name.Length > MaxBytes)
        {
            return MetricNameProblem.TooLong;
        }

        var tagged = false;
        var unusual = name.IndexOfAny(s_unusualBytes);
        if (unusual >= 0)
        {
            var nonAscii = false;
            foreach (var b in name[unusual..])
            {
                if (b <= 0x20 || b == 0x7f)
                {
                    return MetricNameProblem.ForbiddenByte;
                }

                tagged |= b == (byte)';';
                nonAscii |= b >= 0x80;
            }

            if (nonAscii && !Utf8.IsValid(name))
            {
                return MetricNameProblem.InvalidUtf8;
            }
        }

        return tagged ? CheckTagged(name) : CheckComponents(name);
    }

    /// <summary>
    /// Copies an untagged <paramref name="name"/> into <paramref name="destination"/> without its empty components
    /// (<c>a..b</c> → <c>a.b</c>, <c>.a</c> → <c>a</c>, <c>a.</c> → <c>a</c>) and returns the length written, 0 when
    /// nothing is left. This is where carbon's whisper files put such names: it turns dots into '/' and strips the
    /// leading one, and the file system collapses the doubled separators. <paramref name="destination"/> needs
    /// <c>name.Length</c> bytes; it may be the same memory as <paramref name="name"/>.
    /// </summary>
    public static int RemoveEmptyComponents(ReadOnlySpan<byte> name, Span<byte> destination)
    {
        var written = 0;
        var start = 0;
        while (start <= name.Length)
        {
            var dot = name[start..].IndexOf((byte)'.');
            var end = dot < 0 ? name.Length : start + dot;
            if (end > start)
            {
                if (written > 0)
                {
                    destination[written++] = (byte)'.';
                }

                name[start..end].CopyTo(destination[written..]);
                written += end - start;
            }

            start = end + 1;
        }

        return written;
    }

    /// <summary>Whether an untagged name has an empty component (what <see cref="RemoveEmptyComponents"/> repairs).</summary>
    public static bool HasEmptyComponent(ReadOnlySpan<byte> name) =>
        name.IsEmpty || name[0] == (byte)'.' || name[^1] == (byte)'.' || name.IndexOf(".."u8) >= 0;

    private static MetricNameProblem CheckComponents(ReadOnlySpan<byte> name) =>
        HasEmptyComponent(name) ? MetricNameProblem.EmptyComponent : MetricNameProblem.None;

    /// <summary>graphite's structure: a non-empty path, then one or more <c>tag=value</c> with both sides non-empty.</summary>
    private static MetricNameProblem CheckTagged(ReadOnlySpan<byte> name)
    {
        var semicolon = name.IndexOf((byte)';');
        if (semicolon == 0)
        {
            return MetricNameProblem.BadTag;
        }

        var rest = name[(semicolon + 1)..];
        while (true)
        {
            var next = rest.IndexOf((byte)';');
            var segment = next < 0 ? rest : rest[..next];
            var equals = segment.IndexOf((byte)'=');
            if (equals <= 0 || equals == segment.Length - 1)
            {
                return MetricNameProblem.BadTag;
            }

            if (next < 0)
            {
                return MetricNameProblem.None;
            }

            rest = rest[(next + 1)..];
        }
    }

    private static SearchValues<byte> CreateUnusualBytes()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 256; b++)
        {
            if (b <= 0x20 || b >= 0x7f || b == ';')
            {
                bytes.Add((byte)b);
            }
        }

        return SearchValues.Create(bytes.ToArray());
    }
}
