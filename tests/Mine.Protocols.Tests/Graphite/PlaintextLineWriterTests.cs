using System.Buffers;
using System.Text;
using Mine.Core.Series;
using Mine.Protocols.Graphite;

namespace Mine.Protocols.Tests.Graphite;

public sealed class PlaintextLineWriterTests
{
    [Fact]
    public void Written_lines_parse_back_to_the_same_points()
    {
        var batch = new PointBatch();
        double[] values = [1.5, -0.0, 0.1 + 0.2, 1e300, double.Epsilon, -42, double.PositiveInfinity, double.NegativeInfinity, 123456789012345678];
        for (var i = 0; i < values.Length; i++)
        {
            batch.Add($"a.b{i};k=v", 1_700_000_000L + i, values[i]);
        }

        var output = new ArrayBufferWriter<byte>();
        PlaintextLineWriter.WriteLines(output, batch);
        Assert.StartsWith("a.b0;k=v 1.5 1700000000\n", Encoding.ASCII.GetString(output.WrittenSpan), StringComparison.Ordinal);

        var parsed = new PointBatch();
        var counters = new PlaintextCounters();
        PlaintextParser.ParseLines(output.WrittenSpan, isFinalBlock: true, 0, parsed, ref counters);
        Assert.Equal(batch.Count, parsed.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(batch.Name(i).ToArray(), parsed.Name(i).ToArray());
            Assert.Equal(batch.Timestamp(i), parsed.Timestamp(i));
            Assert.Equal(BitConverter.DoubleToInt64Bits(batch.Value(i)), BitConverter.DoubleToInt64Bits(parsed.Value(i)));
        }
    }
}
