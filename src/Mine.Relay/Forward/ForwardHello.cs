using System.Buffers.Binary;

namespace Mine.Relay.Forward;

/// <summary>
/// The 16-byte hello each side sends first (docs/relay.md, "Hello"). Its layout is the same in every version, so two
/// Mines of any age can always find the version they share, and its magic is checked byte by byte as it arrives, so
/// a peer speaking something else is refused at its first byte that differs.
/// </summary>
public readonly record struct ForwardHello(byte LowestVersion, byte HighestVersion, byte ChosenVersion, uint MaxFramePayload)
{
    public const int Size = 16;

    /// <summary>The versions this Mine speaks.</summary>
    public const byte LowestSupported = 1;

    public const byte HighestSupported = 1;

    /// <summary><c>\x89MFWD\r\n\x1a</c>: a first byte over 127 and a CR LF, as PNG's, so no text passes for it.</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'F', (byte)'W', (byte)'D', 0x0D, 0x0A, 0x1A];

    public void Write(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[8] = LowestVersion;
        destination[9] = HighestVersion;
        destination[10] = ChosenVersion;
        destination[11] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], MaxFramePayload);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        Write(bytes);
        return bytes;
    }

    /// <summary>The highest version both this Mine and a peer speaking <paramref name="lowest"/> to
    /// <paramref name="highest"/> speak, or 0.</summary>
    public static byte Negotiate(byte lowest, byte highest)
    {
        var top = Math.Min(highest, HighestSupported);
        return top >= Math.Max(lowest, LowestSupported) ? top : (byte)0;
    }

    /// <summary>Reads the peer's hello. Throws <see cref="ForwardHandshakeException"/> at the first byte that is not
    /// the magic's (naming what the bytes look like), or when the stream ends first.</summary>
    public static async ValueTask<ForwardHello> ReadAsync(Stream stream, string peer, CancellationToken cancellationToken)
    {
        var buffer = new byte[Size];
        var got = 0;
        while (got < Size)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ForwardHandshakeException(ForwardRefusal.ClosedEarly,
                    got == 0 ? $"{peer} closed the connection before its forward hello" : $"{peer} closed the connection after {got} bytes of its forward hello");
            }

            got += read;
            var checkable = Math.Min(got, Magic.Length);
            if (!buffer.AsSpan(0, checkable).SequenceEqual(Magic[..checkable]))
            {
                throw new ForwardHandshakeException(ForwardRefusal.NotForwardProtocol,
                    $"{peer} does not speak the forward protocol: its first bytes are {ForeignBytes.Describe(buffer.AsSpan(0, got))}");
            }
        }

        return new ForwardHello(buffer[8], buffer[9], buffer[10], BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(12)));
    }
}
