using System.Buffers;
using System.Globalization;
using System.Text;
using Mine.Compat.Python;
using Xunit;

namespace Mine.Compat.Tests.Python;

/// <summary>
/// The compact datapoint loop copies timestamps from a per-writer table; whatever the series' starts, strides and
/// lengths, the text must be what formatting every point on its own gives.
/// </summary>
public class PythonJsonDatapointsTests
{
    public static TheoryData<long, long, int> Shapes => new()
    {
        { 1_795_564_800, 300, 288 },
        { 1_795_564_800, 60, 5_000 },   // longer than the table: the tail is formatted point by point
        { 999_999_990, 5, 6 },          // 9 digits, then 10
        { -120, 60, 5 },                // negative, zero and positive stamps
        { 0, 1, 1 },
        { 1_795_564_800, 300, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void One_series_matches_point_by_point_formatting(long start, long stride, int count)
    {
        var points = Points(count, seed: (int)(start % 1000));
        Assert.Equal(Expected(points, start, stride, skipNulls: false), Write([(points, start, stride)], skipNulls: false));
        Assert.Equal(Expected(points, start, stride, skipNulls: true), Write([(points, start, stride)], skipNulls: true));
    }

    [Fact]
    public void Series_with_other_starts_strides_and_lengths_in_one_writer_get_their_own_stamps()
    {
        var random = new Random(5);
        var series = new List<(double[] Points, long Start, long Stride)>();
        var expected = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var start = 1_795_564_800 + (random.Next(3) * 300);
            var stride = random.Next(2) == 0 ? 300L : 60L;
            var points = Points(random.Next(0, 600), seed: i);
            series.Add((points, start, stride));
            expected.Add(Expected(points, start, stride, skipNulls: false));
        }

        Assert.Equal(string.Concat(expected), Write(series, skipNulls: false));
    }

    private static double[] Points(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(6) switch
        {
            0 => double.NaN,
            1 => double.PositiveInfinity,
            _ => Math.Round((random.NextDouble() - 0.5) * 1e4, random.Next(0, 16)) * (random.Next(4) == 0 ? 1e-7 : 1),
        })];
    }

    /// <summary>Each series written as the inside of its own array, one after another (no separators between series).</summary>
    private static string Write(List<(double[] Points, long Start, long Stride)> series, bool skipNulls)
    {
        var output = new ArrayBufferWriter<byte>();
        var json = new PythonJsonWriter(output);
        var text = new StringBuilder();
        foreach (var (points, start, stride) in series)
        {
            json.StartArray();
            var before = output.WrittenCount;
            json.WriteRenderDatapoints(points, start, stride, skipNulls);
            text.Append(Encoding.ASCII.GetString(output.WrittenSpan[before..]));
            json.EndArray();
        }

        return text.ToString();
    }

    private static string Expected(double[] points, long start, long stride, bool skipNulls)
    {
        var items = new List<string>();
        for (var i = 0; i < points.Length; i++)
        {
            var value = points[i];
            if (skipNulls && double.IsNaN(value))
            {
                continue;
            }

            var text = double.IsNaN(value) ? "null" : double.IsInfinity(value) ? (value > 0 ? "1e9999" : "-1e9999") : PythonFloat.Repr(value);
            items.Add($"[{text}, {(start + (i * stride)).ToString(CultureInfo.InvariantCulture)}]");
        }

        return string.Join(", ", items);
    }
}
