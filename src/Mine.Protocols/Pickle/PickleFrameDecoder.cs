using System.Buffers;
using System.Buffers.Binary;

namespace Mine.Protocols.Pickle;

/// <summary>
/// The pickle receiver's framing (carbon's <c>Int32StringReceiver</c>): a 4-byte unsigned big-endian length,
/// then that many bytes of pickle.
/// </summary>
public static class PickleFrameDecoder
{
    public const int HeaderLength = 4;

    /// <summary>carbon's <c>MetricPickleReceiver.MAX_LENGTH</c> (2^20); a frame of exactly this size is allowed.</summary>
    public const int MaxFrameBytes = 1 << 20;

    /// <summary>Looks for one frame at the start of <paramref name="buffer"/>.</summary>
    /// <param name="payload">The pickle bytes, when <see cref="PickleFrameStatus.Complete"/>.</param>
    /// <param name="frameLength">Header plus payload: the bytes to consume, when complete; else 0.</param>
    public static PickleFrameStatus TryReadFrame(ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> payload, out int frameLength)
    {
        payload = default;
        frameLength = 0;
        if (buffer.Length < HeaderLength)
        {
            return PickleFrameStatus.NeedMoreData;
        }

        var declared = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        if (declared > MaxFrameBytes)
        {
            return PickleFrameStatus.FrameTooLarge;
        }

        var total = HeaderLength + (int)declared;
        if (buffer.Length < total)
        {
            return PickleFrameStatus.NeedMoreData;
        }

        payload = buffer.Slice(HeaderLength, (int)declared);
        frameLength = total;
        return PickleFrameStatus.Complete;
    }

    /// <summary>
    /// The pipelines form: on <see cref="PickleFrameStatus.Complete"/>, <paramref name="buffer"/> is advanced past
    /// the frame; otherwise it is left alone.
    /// </summary>
    public static PickleFrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderLength)
        {
            return PickleFrameStatus.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var declared = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (declared > MaxFrameBytes)
        {
            return PickleFrameStatus.FrameTooLarge;
        }

        if (buffer.Length < HeaderLength + declared)
        {
            return PickleFrameStatus.NeedMoreData;
        }

        payload = buffer.Slice(HeaderLength, declared);
        buffer = buffer.Slice(payload.End);
        return PickleFrameStatus.Complete;
    }

    /// <summary>The length a header announces, for logging a <see cref="PickleFrameStatus.FrameTooLarge"/> frame.</summary>
    public static uint ReadDeclaredLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32BigEndian(header);
}
