namespace Mine.Fuzz.Support;

/// <summary>Inputs printed in failure messages: hex, cut to a readable length.</summary>
public static class Hex
{
    public static string Describe(ReadOnlySpan<byte> input, int maxBytes = 4096)
    {
        var shown = input.Length <= maxBytes ? input : input[..maxBytes];
        var text = Convert.ToHexString(shown).ToLowerInvariant();
        return input.Length <= maxBytes ? text : $"{text}… ({input.Length} bytes, first {maxBytes} shown)";
    }
}
