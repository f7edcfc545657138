using System.Buffers;
using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;

namespace Mine.Protocols.Tests.Pickle;

public class PickleFrameDecoderTests
{
    /// <summary>wire-protocols.md §4.2: protocol 2, [("a.b.c",(1700000000,1.5)),("x.y",(1700000001,42))].</summary>
    internal static readonly byte[] DocTestVector = Bytes.FromHex(
        "00 00 00 3f 80 02 5d 71 00 28 58 05 00 00 00 61 2e 62 2e 63 71 01 4a 00 f1 53 65 47 3f f8 00 00 00 00 00 00"
        + "86 71 02 86 71 03 58 03 00 00 00 78 2e 79 71 04 4a 01 f1 53 65 4b 2a 86 71 05 86 71 06 65 2e");

    [Fact]
    public void Reads_the_doc_test_vector()
    {
        var status = PickleFrameDecoder.TryReadFrame(DocTestVector, out var payload, out var frameLength);

        Assert.Equal(PickleFrameStatus.Complete, status);
        Assert.Equal(0x3f, payload.Length);
        Assert.Equal(DocTestVector.Length, frameLength);
        Assert.Equal(0x80, payload[0]);
    }

    [Fact]
    public void Needs_more_data_for_every_prefix()
    {
        for (var length = 0; length < DocTestVector.Length; length++)
        {
            Assert.Equal(PickleFrameStatus.NeedMoreData, PickleFrameDecoder.TryReadFrame(DocTestVector.AsSpan(0, length), out _, out var consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void Reads_back_to_back_frames()
    {
        var twoFrames = DocTestVector.Concat(DocTestVector).ToArray();

        Assert.Equal(PickleFrameStatus.Complete, PickleFrameDecoder.TryReadFrame(twoFrames, out _, out var first));
        Assert.Equal(PickleFrameStatus.Complete, PickleFrameDecoder.TryReadFrame(twoFrames.AsSpan(first), out _, out var second));
        Assert.Equal(twoFrames.Length, first + second);
    }

    [Theory]
    [InlineData("00 10 00 00", PickleFrameStatus.NeedMoreData)] // exactly 1 MiB is allowed
    [InlineData("00 10 00 01", PickleFrameStatus.FrameTooLarge)]
    [InlineData("ff ff ff ff", PickleFrameStatus.FrameTooLarge)]
    [InlineData("00 00 00 00", PickleFrameStatus.Complete)] // empty payload: framing is fine, unpickling will fail
    public void EnforcesTheOneMebibyteLimit(string header, PickleFrameStatus expected)
    {
        Assert.Equal(expected, PickleFrameDecoder.TryReadFrame(Bytes.FromHex(header), out _, out _));
        Assert.Equal(expected, TryReadSequence(Bytes.FromHex(header), out _, out _));
    }

    [Fact]
    public void Reports_the_declared_length_of_an_oversized_frame()
    {
        Assert.Equal(0x01000000u, PickleFrameDecoder.ReadDeclaredLength(Bytes.FromHex("01 00 00 00")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Reads_frames_spread_over_segments(int segmentLength)
    {
        var status = TryReadSequence(DocTestVector.Concat(new byte[] { 1, 2 }).ToArray(), out var payload, out var remaining, segmentLength);

        Assert.Equal(PickleFrameStatus.Complete, status);
        Assert.Equal(DocTestVector.AsSpan(4).ToArray(), payload.ToArray());
        Assert.Equal(2, remaining.Length);
    }

    private static PickleFrameStatus TryReadSequence(
        byte[] bytes, out ReadOnlySequence<byte> payload, out ReadOnlySequence<byte> remaining, int segmentLength = 3)
    {
        var buffer = Segments.Create(bytes, segmentLength);
        var status = PickleFrameDecoder.TryReadFrame(ref buffer, out payload);
        remaining = buffer;
        return status;
    }
}
