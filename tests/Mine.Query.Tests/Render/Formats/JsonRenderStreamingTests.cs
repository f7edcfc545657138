using System.Buffers;
using Mine.Query.Render.Formats;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Render.Formats;

/// <summary>A streamed wide answer is sent in pieces while it is formatted; the pieces must join to Write's bytes.</summary>
public class JsonRenderStreamingTests
{
    [Theory]
    [InlineData(false, null, null)]
    [InlineData(true, null, null)]
    [InlineData(false, "cb", null)]
    [InlineData(false, null, 50)]
    [InlineData(true, "cb", 70)]
    public async Task Pieces_join_to_the_bytes_Write_gives(bool noNullPoints, string? jsonp, int? maxDataPoints)
    {
        var options = new JsonRenderOptions { NoNullPoints = noNullPoints, Jsonp = jsonp, MaxDataPoints = maxDataPoints };
        // One core has nothing to format on while sending, so the host writes whole; streaming still must agree.
        Assert.Equal(Environment.ProcessorCount > 1, JsonRenderWriter.WorthStreaming(Wide(), options));

        var whole = new ArrayBufferWriter<byte>();
        JsonRenderWriter.Write(whole, Wide(), options);

        var pieces = new List<byte[]>();
        await JsonRenderWriter.WriteStreamingAsync(
            piece =>
            {
                pieces.Add(piece.ToArray());
                return ValueTask.CompletedTask;
            },
            Wide(),
            options);

        Assert.True(pieces.Count > 3, "a wide answer goes out in several pieces");
        Assert.Equal(whole.WrittenSpan.ToArray(), pieces.SelectMany(p => p).ToArray());
    }

    [Fact]
    public void Small_or_indented_answers_are_written_whole()
    {
        Assert.False(JsonRenderWriter.WorthStreaming(Wide().Take(5).ToList(), new JsonRenderOptions()));
        Assert.False(JsonRenderWriter.WorthStreaming(Wide(), new JsonRenderOptions { Pretty = true }));
    }

    [Fact]
    public async Task A_failed_send_stops_the_stream_with_its_error()
    {
        var calls = 0;
        var error = await Assert.ThrowsAsync<IOException>(() => JsonRenderWriter.WriteStreamingAsync(
            _ => ++calls == 3 ? throw new IOException("client went away") : ValueTask.CompletedTask,
            Wide(),
            new JsonRenderOptions()));
        Assert.Equal("client went away", error.Message);
        Assert.Equal(3, calls);
    }

    /// <summary>60 series of 500 points; the first 16 and every seventh all None, so noNullPoints empties whole slices.</summary>
    private static List<TimeSeries> Wide()
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, 60).Select(i => new TimeSeries(
            $"wide.s{i:00}",
            1_700_000_000,
            1_700_000_000 + (500 * 60),
            60,
            [.. Enumerable.Range(0, 500).Select(_ => i < 16 || i % 7 == 0 || random.Next(6) == 0 ? double.NaN : Math.Round(random.NextDouble() * 1000, random.Next(0, 5)))]))];
    }
}
