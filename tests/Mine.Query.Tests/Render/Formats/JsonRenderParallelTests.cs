using System.Buffers;
using Mine.Core.Buffers;
using Mine.Query.Render.Formats;
using Mine.Query.Series;
using Xunit;

namespace Mine.Query.Tests.Render.Formats;

/// <summary>Wide answers are formatted in parallel slices; the bytes must equal writing the series one by one.</summary>
public class JsonRenderParallelTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Parallel_slices_join_to_the_sequential_bytes(bool noNullPoints, bool chunkedOutput)
    {
        var random = new Random(3);
        var series = Enumerable.Range(0, 41).Select(i => new TimeSeries(
            $"s.{i:00}",
            1_700_000_000,
            1_700_000_000 + (600 * 60),
            60,
            [.. Enumerable.Range(0, 600).Select(t => i % 7 == 0 || random.Next(5) == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, random.Next(0, 9)))])).ToList();

        // A chunked output (the server's) takes the slices' chunks as they are; any other output gets a copy.
        using var chunked = new ChunkedBufferWriter(chunkSize: 4096);
        var array = new ArrayBufferWriter<byte>();
        JsonRenderWriter.Write(chunkedOutput ? chunked : array, series, new JsonRenderOptions { NoNullPoints = noNullPoints });
        var whole = chunkedOutput ? chunked.ToArray() : array.WrittenSpan.ToArray();

        var expected = new List<string>();
        foreach (var one in series)
        {
            var single = new ArrayBufferWriter<byte>();
            JsonRenderWriter.Write(single, [one], new JsonRenderOptions { NoNullPoints = noNullPoints });
            var text = System.Text.Encoding.UTF8.GetString(single.WrittenSpan);
            if (text != "[]")
            {
                expected.Add(text[1..^1]);
            }
        }

        Assert.Equal("[" + string.Join(", ", expected) + "]", System.Text.Encoding.UTF8.GetString(whole));
    }
}
