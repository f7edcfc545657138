using System.Text;

namespace Mine.Query.Find;

/// <summary>Python's <c>urllib.parse.unquote_plus</c>, which tree_json applies to node names.</summary>
internal static class UrlText
{
    /// <summary>'+' becomes a space, then %XX escapes are decoded as UTF-8 (invalid bytes become U+FFFD, malformed escapes stay as written).</summary>
    public static string UnquotePlus(string text)
    {
        text = text.Replace('+', ' ');
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var pendingBytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                pendingBytes.Add((byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2])));
                i += 2;
                continue;
            }

            Flush(result, pendingBytes);
            result.Append(text[i]);
        }

        Flush(result, pendingBytes);
        return result.ToString();
    }

    private static void Flush(StringBuilder result, List<byte> pendingBytes)
    {
        if (pendingBytes.Count > 0)
        {
            result.Append(Encoding.UTF8.GetString(pendingBytes.ToArray()));
            pendingBytes.Clear();
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
