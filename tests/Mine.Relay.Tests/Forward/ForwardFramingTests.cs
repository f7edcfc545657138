using Mine.Relay.Chunks;
using Mine.Relay.Forward;

namespace Mine.Relay.Tests.Forward;

public sealed class ForwardFramingTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 9, 1)]
    [InlineData(0, 1, 1)]
    [InlineData(2, 9, 0)]
    [InlineData(0, 0, 0)]
    public void Negotiation_picks_the_highest_version_both_speak_or_none(byte lowest, byte highest, byte chosen)
    {
        Assert.Equal(chosen, ForwardHello.Negotiate(lowest, highest));
    }

    [Fact]
    public async Task The_hello_is_16_bytes_beginning_with_the_magic_and_reads_back()
    {
        var hello = new ForwardHello(1, 3, 2, 123_456);
        var bytes = hello.ToArray();

        Assert.Equal(16, bytes.Length);
        Assert.Equal([0x89, 0x4D, 0x46, 0x57, 0x44, 0x0D, 0x0A, 0x1A], bytes[..8]);
        Assert.Equal(hello, await ForwardHello.ReadAsync(new MemoryStream(bytes), "peer", CancellationToken.None));
    }

    [Fact]
    public async Task A_hello_read_stops_at_the_first_byte_that_is_not_the_magic()
    {
        // One byte, then a stream that would block forever: the refusal must not wait for more.
        var stream = new OneByteThenHang((byte)'a');

        var refusal = await Assert.ThrowsAsync<ForwardHandshakeException>(() => ForwardHello.ReadAsync(stream, "peer", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(ForwardRefusal.NotForwardProtocol, refusal.Reason);
    }

    [Fact]
    public void An_acknowledgement_reads_back_with_its_reason()
    {
        var ack = new ForwardAck(ChunkId.New(DateTimeOffset.UtcNow), ForwardAckStatus.Damaged, "chunk checksum does not match");

        Assert.Equal(ack, ForwardAck.Decode(ack.Encode()));
    }

    [Fact]
    public void A_reason_is_cut_to_1024_bytes_at_a_character_boundary()
    {
        var reason = new string('é', 600); // 1,200 bytes of two-byte characters

        var encoded = ForwardReason.Encode(reason);

        Assert.Equal(1024, encoded.Length);
        Assert.Equal(new string('é', 512), ForwardReason.Decode(encoded));
        Assert.Equal(1023, ForwardReason.Encode("x" + reason).Length);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(25)]
    public void An_acknowledgement_of_the_wrong_size_is_a_protocol_error(int length)
    {
        var payload = new byte[length];
        payload[16] = 1;

        Assert.Throws<ForwardProtocolException>(() => ForwardAck.Decode(payload));
    }

    [Fact]
    public void An_acknowledgement_with_an_unknown_status_is_a_protocol_error()
    {
        var payload = new ForwardAck(default, ForwardAckStatus.Stored, "").Encode();
        payload[16] = 9;

        Assert.Contains("unknown status 9", Assert.Throws<ForwardProtocolException>(() => ForwardAck.Decode(payload)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_frame_limit_fits_the_largest_chunk_a_relay_can_seal()
    {
        Assert.InRange(ForwardReceiverOptions.LargestChunkFrame, (64 << 20) + 36, 65 << 20);
    }

    private sealed class OneByteThenHang(byte first) : Stream
    {
        private bool _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            _sent = true;
            buffer.Span[0] = first;
            return 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
