using System.Buffers;

using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>One frame as read: its type and payload, in a pooled buffer that <see cref="Return"/> gives back.</summary>
internal readonly struct ForwardFrame(ForwardFrameType type, byte[] buffer, int length)
{
    /// <summary>Header: payload length u32, type u8, 3 reserved bytes, CRC-32C of bytes 0–7 and the payload u32.</summary>
    public const int HeaderSize = 12;

    public ForwardFrameType Type { get; } = type;

    public int Length { get; } = length;

    public ReadOnlySpan<byte> Payload => buffer.AsSpan(0, Length);

    public void Return() => ChunkScratch.Pool.Return(buffer);
}
