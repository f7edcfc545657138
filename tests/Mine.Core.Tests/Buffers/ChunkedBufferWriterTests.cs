using System.Buffers;
using System.Text;
using Mine.Core.Buffers;
using Xunit;

namespace Mine.Core.Tests.Buffers;

public class ChunkedBufferWriterTests
{
    [Fact]
    public void Bytes_come_back_in_order_across_chunks()
    {
        using var writer = new ChunkedBufferWriter(chunkSize: 256);
        var expected = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            var text = $"item {i}, ";
            writer.Write(Encoding.UTF8.GetBytes(text));
            expected.Append(text);
        }

        Assert.True(writer.Chunks.Count() > 1, "the body should span several chunks");
        Assert.Equal(expected.Length, writer.WrittenCount);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(writer.ToArray()));
    }

    [Fact]
    public void A_request_bigger_than_a_chunk_gets_a_chunk_of_its_own()
    {
        using var writer = new ChunkedBufferWriter(chunkSize: 256);
        writer.Write(Encoding.UTF8.GetBytes("ab"));
        var span = writer.GetSpan(1000);
        Assert.True(span.Length >= 1000);
        span[..1000].Fill((byte)'x');
        writer.Advance(1000);
        Assert.Equal("ab" + new string('x', 1000), Encoding.UTF8.GetString(writer.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    public void Append_moves_the_other_body_without_its_first_bytes(int skip)
    {
        using var first = new ChunkedBufferWriter(chunkSize: 256);
        using var second = new ChunkedBufferWriter(chunkSize: 256);
        first.Write(Encoding.UTF8.GetBytes("head|"));
        var other = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i % 26))));
        second.Write(Encoding.UTF8.GetBytes(other[..150]));
        second.GetSpan(200); // seals the first chunk half full
        second.Write(Encoding.UTF8.GetBytes(other[150..]));

        first.Append(second, skip);
        first.Write(Encoding.UTF8.GetBytes("|tail"));

        Assert.Equal("head|" + other[Math.Min(skip, other.Length)..] + "|tail", Encoding.UTF8.GetString(first.ToArray()));
        Assert.Equal(0, second.WrittenCount);
        Assert.Empty(second.Chunks);
    }

    [Fact]
    public void Advancing_past_the_span_is_refused()
    {
        using var writer = new ChunkedBufferWriter(chunkSize: 256);
        var length = writer.GetSpan(10).Length;
        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
    }

    [Fact]
    public void Dispose_leaves_an_empty_body()
    {
        var writer = new ChunkedBufferWriter(chunkSize: 256);
        writer.Write(Encoding.UTF8.GetBytes(new string('z', 1000)));
        writer.Dispose();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Empty(writer.Chunks);
    }
}
