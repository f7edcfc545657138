using System.Buffers.Binary;

namespace Mine.Relay.Forward;

/// <summary>An ERROR frame's payload: code u16 LE, then the reason.</summary>
internal readonly record struct ForwardError(ForwardErrorCode Code, string Reason)
{
    public byte[] Encode()
    {
        var reason = ForwardReason.Encode(Reason);
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, (ushort)Code);
        reason.CopyTo(payload.AsSpan(2));
        return payload;
    }

    /// <summary>Lenient: the connection ends anyway, and an unknown code or a long reason is still worth logging.</summary>
    public static ForwardError Decode(ReadOnlySpan<byte> payload) => payload.Length < 2
        ? new ForwardError(ForwardErrorCode.ProtocolError, "(an ERROR frame without a code)")
        : new ForwardError((ForwardErrorCode)BinaryPrimitives.ReadUInt16LittleEndian(payload), ForwardReason.Decode(payload[2..]));

    public override string ToString() => Enum.IsDefined(Code) ? $"{Reason} ({Code})" : $"{Reason} (code {(ushort)Code})";
}
