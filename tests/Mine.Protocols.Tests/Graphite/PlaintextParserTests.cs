using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>carbon's line rules (MetricLineReceiver.lineReceived + MetricReceiver.metricReceived), one row each.</summary>
public class PlaintextParserTests
{
    [Theory]
    [InlineData("a.b.c 1.5 1700000000\n", "a.b.c", 1700000000, 1.5)]
    [InlineData("a.b.c 1.5 1700000000\r\n", "a.b.c", 1700000000, 1.5)]
    [InlineData("a.b.c 1.5 1700000000", "a.b.c", 1700000000, 1.5)] // final block: no '\n' needed
    [InlineData("  a.b.c\t 1.5 \t 1700000000 \t\r\n", "a.b.c", 1700000000, 1.5)] // strip, runs of spaces/tabs
    [InlineData("a.b.c\v1.5\f1700000000\n", "a.b.c", 1700000000, 1.5)] // Python's split() whitespace
    [InlineData("a.b.c 0 1700000000\n", "a.b.c", 1700000000, 0.0)]
    [InlineData("a.b.c -0 1700000000\n", "a.b.c", 1700000000, -0.0)]
    [InlineData("a.b.c +5 1700000000\n", "a.b.c", 1700000000, 5.0)]
    [InlineData("a.b.c .5 1700000000\n", "a.b.c", 1700000000, 0.5)]
    [InlineData("a.b.c 5. 1700000000\n", "a.b.c", 1700000000, 5.0)]
    [InlineData("a.b.c 1e3 1700000000\n", "a.b.c", 1700000000, 1000.0)]
    [InlineData("a.b.c 1.5E-3 1700000000\n", "a.b.c", 1700000000, 0.0015)]
    [InlineData("a.b.c 1_000 1700000000\n", "a.b.c", 1700000000, 1000.0)] // Python 3 float() accepts underscores
    [InlineData("a.b.c inf 1700000000\n", "a.b.c", 1700000000, double.PositiveInfinity)]
    [InlineData("a.b.c -Infinity 1700000000\n", "a.b.c", 1700000000, double.NegativeInfinity)]
    [InlineData("a.b.c 1e400 1700000000\n", "a.b.c", 1700000000, double.PositiveInfinity)]
    [InlineData("a.b.c 54.321 1700000000.9\n", "a.b.c", 1700000000, 54.321)] // timestamps truncate
    [InlineData("a.b.c 1 1.7e9\n", "a.b.c", 1700000000, 1.0)]
    [InlineData("a.b.c 1 -1\n", "a.b.c", Now, 1.0)] // -1 means now
    [InlineData("a.b.c 1 -1.0\n", "a.b.c", Now, 1.0)]
    [InlineData("a.b.c 1 -1.5\n", "a.b.c", Now, 1.0)] // int(-1.5) == -1 in carbon
    [InlineData("a.b.c 1 -0.5\n", "a.b.c", 0, 1.0)] // int(-0.5) == 0
    [InlineData("a.b.c 1 0\n", "a.b.c", 0, 1.0)]
    [InlineData("a.b.c 1 253402300799\n", "a.b.c", 253402300799, 1.0)] // 9999-12-31T23:59:59Z
    [InlineData("caf\u00c3\u00a9.temp 1 1700000000\n", "café.temp", 1700000000, 1.0)] // UTF-8 path
    [InlineData("a.b-c_d:e/f 1 1700000000\n", "a.b-c_d:e/f", 1700000000, 1.0)]
    public void AcceptsLine(string line, string name, long timestamp, double value)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(line));

        Assert.Equal([new ParsedPoint(name, timestamp, value)], points);
        Assert.Equal(1, counters.Lines);
        Assert.Equal(1, counters.Accepted);
    }

    [Theory]
    [InlineData("a.b.c\n", RejectReason.WrongFieldCount)]
    [InlineData("a.b.c 1.5\n", RejectReason.WrongFieldCount)]
    [InlineData("a.b.c 1.5 1700000000 extra\n", RejectReason.WrongFieldCount)]
    [InlineData("a.b.c x 1700000000 extra\n", RejectReason.WrongFieldCount)]
    [InlineData("a b c 1.5 1700000000\n", RejectReason.WrongFieldCount)]
    [InlineData("a.b.c abc 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c 1,5 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c 0x10 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c 1__0 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c 1e 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c . 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c - 1700000000\n", RejectReason.BadValue)]
    [InlineData("a.b.c 1 17000000OO\n", RejectReason.BadTimestamp)]
    [InlineData("a.b.c 1 2024-01-01\n", RejectReason.BadTimestamp)]
    [InlineData("a.b.c 1 -2\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 -1700000000\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 nan\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 inf\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 -inf\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 253402300800\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a.b.c 1 1e300\n", RejectReason.TimestampOutOfRange)]
    [InlineData("a\u0000b 1 1700000000\n", RejectReason.BadName)]
    [InlineData("a\u0001b 1 1700000000\n", RejectReason.BadName)]
    [InlineData("a\u001bb 1 1700000000\n", RejectReason.BadName)]
    [InlineData("a\u007fb 1 1700000000\n", RejectReason.BadName)]
    [InlineData("caf\u00e9 1 1700000000\n", RejectReason.BadName)] // Latin-1, not UTF-8
    [InlineData("a\u00c3 1 1700000000\n", RejectReason.BadName)] // truncated UTF-8 sequence
    [InlineData("a\u00ed\u00a0\u0080 1 1700000000\n", RejectReason.BadName)] // UTF-8-encoded surrogate
    [InlineData("a\u00c0\u00af 1 1700000000\n", RejectReason.BadName)] // overlong encoding of '/'
    [InlineData("a.b;k=~v 1 1700000000\n", RejectReason.BadTag)]
    public void RejectsLine(string line, RejectReason reason)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(line));

        Assert.Empty(points);
        Assert.Equal(1, counters.Invalid);
        Assert.Equal(reason, counters.LastRejectReason);
    }

    [Theory]
    [InlineData("a.b.c nan 1700000000\n")]
    [InlineData("a.b.c NaN 1700000000\n")]
    [InlineData("a.b.c -nan 1700000000\n")]
    [InlineData("a.b.c +NAN 1700000000\n")]
    [InlineData("a.b.c nan nan\n")] // carbon drops NaN values before it ever looks at the timestamp
    [InlineData("a.b.c nan -5\n")]
    public void DropsNanValuesWithoutCountingThemInvalid(string line)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(line));

        Assert.Empty(points);
        Assert.Equal(1, counters.NanDropped);
        Assert.Equal(0, counters.Invalid);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("   \n")]
    [InlineData(" \t \r\n")]
    [InlineData("  ")] // trailing blank line of a final block
    public void IgnoresBlankLinesSilently(string line)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(line));

        Assert.Empty(points);
        Assert.Equal(1, counters.Blank);
        Assert.Equal(0, counters.Invalid);
    }

    [Fact]
    public void Keeps_parsing_after_bad_lines()
    {
        var input = Bytes.Latin1("good.one 1 1700000000\nbad line\nnan.one nan 1700000000\n\ngood.two 2 1700000001\n");

        var (points, counters) = ParseWhole(input);

        Assert.Equal([new ParsedPoint("good.one", 1700000000, 1), new ParsedPoint("good.two", 1700000001, 2)], points);
        Assert.Equal((5L, 2L, 1L, 1L, 1L), (counters.Lines, counters.Accepted, counters.Invalid, counters.NanDropped, counters.Blank));
    }

    [Fact]
    public void Leaves_an_unterminated_line_for_the_next_call_unless_the_block_is_final()
    {
        var input = Bytes.Latin1("a 1 1700000000\nb 2 17000");
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();

        var consumed = PlaintextParser.ParseLines(input, isFinalBlock: false, Now, batch, ref counters);

        Assert.Equal("a 1 1700000000\n".Length, consumed);
        Assert.Equal(1, batch.Count);
        Assert.Equal(1, counters.Lines);
    }

    [Fact]
    public void Untagged_names_are_copied_byte_for_byte()
    {
        var name = "servers.web-001.cpu-0.cpu-user"u8.ToArray();
        var line = name.Concat(" 54.321 1779926400\n"u8.ToArray()).ToArray();
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();

        PlaintextParser.ParseLines(line, isFinalBlock: false, Now, batch, ref counters);

        Assert.True(batch.Name(0).SequenceEqual(name));
    }

    [Fact]
    public void Valid_untagged_lines_do_not_allocate()
    {
        var line = "servers.web-001.cpu-0.cpu-user 54.321 1779926400\n"u8.ToArray();
        var input = Enumerable.Repeat(line, 200).SelectMany(l => l).ToArray();
        var batch = new PointBatch(1024);
        var counters = new PlaintextCounters();
        PlaintextParser.ParseLines(input, isFinalBlock: false, Now, batch, ref counters); // warm up (JIT, statics)
        batch.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        PlaintextParser.ParseLines(input, isFinalBlock: false, Now, batch, ref counters);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200, batch.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Records_a_sanitised_sample_of_the_last_rejected_line()
    {
        var sample = new RejectedInputSample();
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters { Sample = sample };
        var input = Bytes.Latin1("ok 1 1700000000\nevil\u001b[31m\\x \"q\"\nok 2 1700000000\n");

        PlaintextParser.ParseLines(input, isFinalBlock: true, Now, batch, ref counters);

        Assert.Equal(1, sample.RecordedSinceReset);
        Assert.Equal(RejectReason.WrongFieldCount, sample.LastReason);
        Assert.Equal("WrongFieldCount: \"evil\\x1b[31m\\x5cx \\x22q\\x22\"", sample.Describe());
        sample.Reset();
        Assert.False(sample.HasSample);
    }

    [Fact]
    public void Sample_of_a_long_line_is_truncated()
    {
        var sample = new RejectedInputSample();
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters { Sample = sample };
        var input = Bytes.Latin1(new string('x', 1000) + "\n");

        PlaintextParser.ParseLines(input, isFinalBlock: true, Now, batch, ref counters);

        var description = sample.Describe();
        Assert.Contains(new string('x', RejectedInputSample.MaxSampleBytes) + "\"... (1000 bytes)", description);
        Assert.DoesNotContain(new string('x', RejectedInputSample.MaxSampleBytes + 1), description);
    }
}
