using System.Text;

namespace Mine.Relay.Forward;

/// <summary>The reason text of ACK and ERROR frames: UTF-8, at most 1,024 bytes (cut at a character boundary).</summary>
internal static class ForwardReason
{
    public const int MaxBytes = 1024;

    public static byte[] Encode(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        if (bytes.Length <= MaxBytes)
        {
            return bytes;
        }

        var cut = MaxBytes;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--; // never split a character: back up to the first byte of the one that does not fit
        }

        return bytes.AsSpan(0, cut).ToArray();
    }

    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, MaxBytes)]);
}
