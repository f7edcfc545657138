using System.Text;

namespace Mine.Protocols.Tests.TestSupport;

internal static class Bytes
{
    /// <summary>
    /// Test inputs are written as C# strings whose chars are byte values (Latin-1), so "\u00c3\u00a9" is the
    /// UTF-8 encoding of 'é' and "\u00e9" alone is an invalid UTF-8 byte.
    /// </summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Hex with optional whitespace, as pasted from Python's <c>bytes.hex()</c> or a doc.</summary>
    public static byte[] FromHex(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
