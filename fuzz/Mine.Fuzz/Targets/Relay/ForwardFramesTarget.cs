using System.Buffers;
using System.Buffers.Binary;
using Mine.Core.Hashing;
using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Fuzz.Targets.Relay;

/// <summary>
/// What a relay sends to <c>mine serve --forward-listen</c> (docs/relay.md, "Forward protocol"): a hello, then frames.
/// The receiver's own readers take it in order: <see cref="ForwardHello.ReadAsync"/>, <see cref="FrameReader"/>, and
/// for each CHUNK frame <see cref="ChunkPayload.Open"/> (ACK and ERROR frames, which the other side reads, through
/// <see cref="ForwardAck.Decode"/> and <see cref="ForwardError.Decode"/>). Run as it is and with the magic, every
/// frame CRC and every chunk CRC made valid, so that mutations reach what the checksums guard. Documented for bad
/// input: <see cref="ForwardHandshakeException"/> (hello), <see cref="ForwardProtocolException"/> and
/// <see cref="EndOfStreamException"/> (frames), <see cref="ChunkFormatException"/> (chunks). Invariants: a refused
/// hello is refused at the first byte that differs from the magic; a frame is handed out only whole, within the
/// limit and with its CRC right; a chunk that does not open adds no point, one that opens has the points its header
/// says, each name 1 to 65,535 bytes, and seals and opens again to the same points.
/// </summary>
public sealed class ForwardFramesTarget : FuzzTarget
{
    /// <summary>The receiver's limit is 64 MiB; a smaller one keeps each run fast and takes the same paths.</summary>
    private const int MaxPayload = 1 << 20;

    public override string Name => "forwardframes";

    public override string Description => "forward protocol client bytes (hello + frames) -> ForwardHello, FrameReader, ChunkPayload.Open (as is, and with valid CRCs)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        Read(bytes);
        var fixedUp = FixChecksums(bytes);
        if (!fixedUp.AsSpan().SequenceEqual(bytes))
        {
            Read(fixedUp);
        }
    }

    private static void Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            ForwardHello.ReadAsync(stream, "fuzz", CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (ForwardHandshakeException refused)
        {
            var matching = 0;
            while (matching < Math.Min(bytes.Length, 8) && bytes[matching] == ForwardHello.Magic[matching])
            {
                matching++;
            }

            var expected = matching < Math.Min(bytes.Length, 8) ? ForwardRefusal.NotForwardProtocol : ForwardRefusal.ClosedEarly;
            Invariant.Check(refused.Reason == expected, $"hello refused as {refused.Reason}, expected {expected} ({matching} bytes of the magic, {bytes.Length} in all)");
            Invariant.Check(!string.IsNullOrEmpty(refused.Message), "a refusal without a message");
            return;
        }

        Invariant.Check(bytes.AsSpan(0, 8).SequenceEqual(ForwardHello.Magic), "a hello accepted without the magic");
        using var reader = new FrameReader(stream, "fuzz", MaxPayload, Timeout.InfiniteTimeSpan, CancellationToken.None);
        var at = ForwardHello.Size;
        while (true)
        {
            ForwardFrame? read;
            try
            {
                read = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (ForwardProtocolException refused)
            {
                var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
                Invariant.Check(refused.Code == (declared > MaxPayload ? ForwardErrorCode.FrameTooLarge : ForwardErrorCode.ProtocolError),
                    $"frame at {at} declaring {declared} bytes refused with {refused.Code}");
                Invariant.Check(declared > MaxPayload || !CrcHolds(bytes, at), $"the frame at {at} was refused though its CRC holds");
                return;
            }
            catch (EndOfStreamException)
            {
                Invariant.Check(bytes.Length - at < ForwardFrame.HeaderSize
                    || bytes.Length - at < ForwardFrame.HeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)),
                    $"a whole frame at {at} was called cut short");
                return;
            }

            if (read is not { } frame)
            {
                Invariant.Check(at == bytes.Length, $"the stream was called ended at {at} of {bytes.Length} bytes");
                return;
            }

            try
            {
                Invariant.Check(frame.Length <= MaxPayload && frame.Length == (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)), "a frame of another length than it declared");
                Invariant.Check(CrcHolds(bytes, at), $"the frame at {at} was handed out with a wrong CRC");
                Invariant.Check(frame.Payload.SequenceEqual(bytes.AsSpan(at + ForwardFrame.HeaderSize, frame.Length)), "a frame's payload is not the bytes sent");
                at += ForwardFrame.HeaderSize + frame.Length;
                Invariant.Check(reader.BytesRead == at - ForwardHello.Size, $"the reader counts {reader.BytesRead} bytes, {at - ForwardHello.Size} were read");
                Inspect(frame);
            }
            finally
            {
                frame.Return();
            }
        }
    }

    private static void Inspect(ForwardFrame frame)
    {
        switch (frame.Type)
        {
            case ForwardFrameType.Chunk when frame.Length >= ChunkId.Size:
                OpenChunk(frame.Payload[ChunkId.Size..]);
                break;
            case ForwardFrameType.Ack:
                try
                {
                    var ack = ForwardAck.Decode(frame.Payload);
                    Invariant.Check(Enum.IsDefined(ack.Status), $"an ACK decoded with the unknown status {ack.Status}");
                }
                catch (ForwardProtocolException refused)
                {
                    Invariant.Check(refused.Code == ForwardErrorCode.ProtocolError, $"an ACK refused with {refused.Code}");
                }

                break;
            case ForwardFrameType.Error:
                _ = ForwardError.Decode(frame.Payload).ToString();
                break;
        }
    }

    private static void OpenChunk(ReadOnlySpan<byte> chunk)
    {
        var batch = new PointBatch(16);
        batch.Add("sentinel"u8, 1, 1);
        try
        {
            ChunkPayload.Open(chunk, batch);
        }
        catch (ChunkFormatException refused)
        {
            Invariant.Check(batch.Count == 1, $"a chunk refused ({refused.Message}) left {batch.Count - 1} points behind");
            return;
        }

        var points = batch.Count - 1;
        Invariant.Check(points == ChunkPayload.PointCount(chunk), $"a chunk opened to {points} points, its header says {ChunkPayload.PointCount(chunk)}");
        var records = new ArrayBufferWriter<byte>();
        for (var i = 1; i < batch.Count; i++)
        {
            Invariant.Check(batch.Name(i).Length is >= 1 and <= ChunkRecords.MaxNameBytes, $"point {i} has a name of {batch.Name(i).Length} bytes");
            ChunkRecords.Write(records, batch.Name(i), batch.Timestamp(i), batch.Value(i));
        }

        var again = new PointBatch(16);
        ChunkPayload.Open(ChunkPayload.Seal(records.WrittenSpan, points), again);
        Invariant.Check(again.Count == points, $"a chunk sealed again opens to {again.Count} points, not {points}");
        for (var i = 0; i < points; i++)
        {
            Invariant.Check(again.Name(i).SequenceEqual(batch.Name(i + 1)) && again.Timestamp(i) == batch.Timestamp(i + 1)
                && BitConverter.DoubleToInt64Bits(again.Value(i)) == BitConverter.DoubleToInt64Bits(batch.Value(i + 1)),
                $"point {i} differs once sealed again");
        }
    }

    private static bool CrcHolds(byte[] bytes, int at)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        var crc = Crc32C.Append(Crc32C.Compute(bytes.AsSpan(at, 8)), bytes.AsSpan(at + ForwardFrame.HeaderSize, length));
        return crc == BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8));
    }

    /// <summary>The input with the hello's magic in place and, following the frames' own lengths, every chunk CRC and
    /// every frame CRC recomputed (a chunk's before its frame's).</summary>
    private static byte[] FixChecksums(byte[] input)
    {
        var bytes = (byte[])input.Clone();
        ForwardHello.Magic[..Math.Min(8, bytes.Length)].CopyTo(bytes);
        var at = ForwardHello.Size;
        while (at + ForwardFrame.HeaderSize <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            if (length > MaxPayload || at + ForwardFrame.HeaderSize + length > bytes.Length)
            {
                break;
            }

            var payload = bytes.AsSpan(at + ForwardFrame.HeaderSize, (int)length);
            if (bytes[at + 4] == (byte)ForwardFrameType.Chunk && payload.Length >= ChunkId.Size + ChunkPayload.HeaderSize)
            {
                var chunk = payload[ChunkId.Size..];
                BinaryPrimitives.WriteUInt32LittleEndian(chunk[16..], Crc32C.Compute(chunk[ChunkPayload.HeaderSize..]));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), Crc32C.Append(Crc32C.Compute(bytes.AsSpan(at, 8)), payload));
            at += ForwardFrame.HeaderSize + (int)length;
        }

        return bytes;
    }
}
