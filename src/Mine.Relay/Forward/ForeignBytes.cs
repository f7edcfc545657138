using System.Buffers.Binary;
using System.Text;

namespace Mine.Relay.Forward;

/// <summary>Names what a peer that is not a forward peer seems to speak, from its first bytes, so the log line says
/// what to fix (a carbon sender pointed at the forward port, TLS on one side only, …) instead of "bad magic".</summary>
internal static class ForeignBytes
{
    private const int Shown = 24;

    public static string Describe(ReadOnlySpan<byte> first)
    {
        if (first.IsEmpty)
        {
            return "nothing";
        }

        var what = Classify(first);
        return $"{Show(first)}, which looks like {what}";
    }

    private static string Classify(ReadOnlySpan<byte> first)
    {
        if (first[0] is 0x16 or 0x15 && (first.Length == 1 || first[1] == 0x03))
        {
            return "TLS (TLS is on at one end of this link only: turn it on or off at both)";
        }

        if (StartsWithAny(first, "GET ", "POST ", "PUT ", "HEAD ", "HTTP/"))
        {
            return "HTTP (this is the forward port, not Mine's HTTP port)";
        }

        if (first.Length >= 5 && first[4] == 0x80 && BinaryPrimitives.ReadUInt32BigEndian(first) < 1 << 30)
        {
            return "a carbon pickle frame (point pickle senders at the pickle port, not the forward port)";
        }

        if (IsText(first))
        {
            return "text, such as a plaintext carbon line (point carbon senders at the plaintext port, not the forward port)";
        }

        return "an unknown protocol";
    }

    private static bool StartsWithAny(ReadOnlySpan<byte> first, params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            var bytes = Encoding.ASCII.GetBytes(prefix);
            var n = Math.Min(bytes.Length, first.Length);
            if (n >= 3 && first[..n].SequenceEqual(bytes.AsSpan(0, n)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsText(ReadOnlySpan<byte> first)
    {
        foreach (var b in first)
        {
            if (b is not (>= 0x20 and < 0x7F or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Up to 24 bytes: as a quoted string when they are text, else in hex.</summary>
    private static string Show(ReadOnlySpan<byte> first)
    {
        var part = first[..Math.Min(first.Length, Shown)];
        var more = first.Length > Shown ? "…" : "";
        if (IsText(part))
        {
            var text = Encoding.ASCII.GetString(part).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
            return $"\"{text}{more}\"";
        }

        return Convert.ToHexStringLower(part) + more;
    }
}
