using System.Buffers.Binary;
using FsCheck.Xunit;
using Mine.Relay.Chunks;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>
/// Whatever a peer sends, the receiver ends that connection at worst: random bytes (raw, after a hello, as frames
/// with valid CRCs, as chunks sealed around random records) never reach an unexpected error, and a good chunk sent
/// on the next connection (the canary) is stored and acknowledged.
/// </summary>
public sealed class ForwardReceiverFuzzTests : IAsyncDisposable
{
    private readonly ForwardRig _rig;
    private int _canaries;

    public ForwardReceiverFuzzTests(ITestOutputHelper output)
    {
        _rig = new ForwardRig(output, ForwardRig.FastReceiver with { HandshakeTimeout = TimeSpan.FromSeconds(2) });
        _rig.StartListener();
    }

    [Property(MaxTest = 300)]
    public async Task Random_input_never_harms_the_receiver_and_a_canary_chunk_is_still_stored(byte[] noise, byte mode)
    {
        var input = (mode % 4) switch
        {
            0 => noise,
            1 => [.. RawPeer.Hello(), .. noise],
            2 => [.. RawPeer.Hello(), .. AsFrames(noise)],
            _ => [.. RawPeer.Hello(), .. AsSealedChunk(noise, mode)],
        };

        await RawPeer.ExchangeAsync(_rig.EndPoint, input, seconds: 5, closeAfterSending: true);

        await SendCanaryAsync();
        Assert.Equal(0, _rig.Listener!.Counters.UnexpectedErrors);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>The noise cut into frames of any type, each with a valid CRC.</summary>
    private static byte[] AsFrames(byte[] noise)
    {
        var frames = new List<byte>();
        var at = 0;
        while (at < noise.Length)
        {
            var length = Math.Min(noise.Length - at - 1, noise[at] % 40);
            var type = (byte)(noise[at] % 6);
            frames.AddRange(RawPeer.Frame(type, noise.AsSpan(at + 1, Math.Max(0, length))));
            at += 1 + Math.Max(0, length);
        }

        return [.. frames];
    }

    /// <summary>A CHUNK frame of a chunk sealed (with a valid chunk CRC) around random records and a random point
    /// count, sometimes with one byte flipped: the deep checks behind both CRCs.</summary>
    private static byte[] AsSealedChunk(byte[] noise, byte mode)
    {
        var chunk = ChunkPayload.Seal(noise, noise.Length % 5);
        if (mode % 8 == 7 && chunk.Length > 0)
        {
            chunk[noise.Length % chunk.Length] ^= 0x21;
        }

        var id = new byte[ChunkId.Size];
        ChunkId.New(DateTimeOffset.UtcNow).Write(id);
        return RawPeer.Frame((byte)ForwardFrameType.Chunk, [.. id, .. chunk]);
    }

    private async Task SendCanaryAsync()
    {
        var canary = TestChunks.Make(Interlocked.Increment(ref _canaries));
        var id = new byte[ChunkId.Size];
        canary.Id.Write(id);
        byte[] frame = RawPeer.Frame((byte)ForwardFrameType.Chunk, [.. id, .. canary.Payload.Span]);

        var (received, closed) = await RawPeer.ExchangeAsync(_rig.EndPoint, [.. RawPeer.Hello(), .. frame], seconds: 10, closeAfterSending: true);

        Assert.True(closed, "the receiver did not close the canary's connection after its acknowledgement");
        Assert.True(HasStoredAck(received.AsSpan(ForwardHello.Size), id), "the canary was not acknowledged as stored");
        Assert.Equal(1, _rig.Store.StoreCounts[canary.Id]);
    }

    private static bool HasStoredAck(ReadOnlySpan<byte> frames, ReadOnlySpan<byte> id)
    {
        while (frames.Length >= 12)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(frames);
            var payload = frames.Slice(12, length);
            if (frames[4] == (byte)ForwardFrameType.Ack && payload[..ChunkId.Size].SequenceEqual(id))
            {
                return payload[ChunkId.Size] == (byte)ForwardAckStatus.Stored;
            }

            frames = frames[(12 + length)..];
        }

        return false;
    }
}
