using System.Globalization;
using System.Text;
using Mine.Relay.Routing;

namespace Mine.Relay.Buffer;

/// <summary>
/// A destination's key: the name of its folder in the buffer and its metrics' label. Readable for the usual
/// destinations (<c>10.0.0.1:2004:a</c> → <c>10.0.0.1_2004_a</c>) and one-to-one for all of them, so two destinations
/// never share a queue: ':' becomes '_', and any other character that is not a letter, a digit, '.' or '-' is
/// written %XX (a '_' of a host name, a leading '.', the brackets of an IPv6 address: <c>[::1]:2003</c> → <c>%5B__1%5D_2003</c>).
/// </summary>
public static class BufferKeys
{
    public static string For(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var text = destination.ToString();
        var key = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            // A leading '.' would make a hidden folder (and "." or ".." no folder of its own).
            if (char.IsAsciiLetterOrDigit(c) || c == '-' || (c == '.' && key.Length > 0))
            {
                key.Append(c);
            }
            else if (c == ':')
            {
                key.Append('_');
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    key.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return key.ToString();
    }
}
