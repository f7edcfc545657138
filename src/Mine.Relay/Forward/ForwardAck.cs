using System.Buffers.Binary;
using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>An ACK frame's payload: chunk id (16), status u8, reserved u8, reason length u16 LE, reason.</summary>
internal readonly record struct ForwardAck(ChunkId Id, ForwardAckStatus Status, string Reason)
{
    private const int FixedSize = ChunkId.Size + 4;

    public byte[] Encode()
    {
        var reason = ForwardReason.Encode(Reason);
        var payload = new byte[FixedSize + reason.Length];
        Id.Write(payload);
        payload[ChunkId.Size] = (byte)Status;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(ChunkId.Size + 2), (ushort)reason.Length);
        reason.CopyTo(payload.AsSpan(FixedSize));
        return payload;
    }

    /// <summary>Reads an ACK payload; anything that is not one exactly is a protocol error.</summary>
    public static ForwardAck Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedSize)
        {
            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"an ACK frame of {payload.Length} bytes is shorter than its {FixedSize} fixed bytes");
        }

        var reasonLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[(ChunkId.Size + 2)..]);
        if (reasonLength > ForwardReason.MaxBytes || FixedSize + reasonLength != payload.Length)
        {
            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"an ACK frame of {payload.Length} bytes announces a reason of {reasonLength} bytes");
        }

        var status = (ForwardAckStatus)payload[ChunkId.Size];
        if (!Enum.IsDefined(status))
        {
            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"an ACK frame has the unknown status {(byte)status}");
        }

        return new ForwardAck(ChunkId.Read(payload), status, ForwardReason.Decode(payload[FixedSize..]));
    }
}
