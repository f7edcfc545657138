using System.Text;
using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>
/// carbon disconnects on a line over 16384 bytes; we count it as invalid, skip it and keep the connection.
/// </summary>
public class PlaintextOversizedLineTests
{
    private const string Tail = " 1 1700000000";

    // The name stays within MetricNames.MaxBytes; the whitespace between fields is what makes the line long.
    private static string LineOfLength(int length) => "x.y" + new string(' ', length - Tail.Length - 3) + Tail;

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted()
    {
        var line = LineOfLength(PlaintextParser.MaxLineLength);

        var (points, counters) = ParseWhole(Encoding.ASCII.GetBytes(line + "\n"));

        Assert.Single(points);
        Assert.Equal(0, counters.Oversized);
    }

    [Fact]
    public void The_carriage_return_counts_towards_the_limit()
    {
        var line = LineOfLength(PlaintextParser.MaxLineLength);

        var (points, counters) = ParseWhole(Encoding.ASCII.GetBytes(line + "\r\n"));

        Assert.Empty(points);
        Assert.Equal(1, counters.Oversized);
    }

    [Fact]
    public void A_complete_oversized_line_is_skipped_and_the_next_line_parsed()
    {
        var input = Encoding.ASCII.GetBytes(LineOfLength(PlaintextParser.MaxLineLength + 1) + "\nnext.line 2 1700000000\n");

        var (points, counters) = ParseWhole(input);

        Assert.Equal([new ParsedPoint("next.line", 1700000000, 2)], points);
        Assert.Equal((1L, 1L, RejectReason.LineTooLong), (counters.Oversized, counters.Invalid, counters.LastRejectReason));
    }

    [Fact]
    public void An_unfinished_oversized_line_is_reported_and_discarded_until_the_next_newline()
    {
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();
        var start = Encoding.ASCII.GetBytes(new string('x', PlaintextParser.MaxLineLength));

        // Exactly at the limit the line may still end well: nothing is consumed yet.
        Assert.Equal(0, PlaintextParser.ParseLines(start, isFinalBlock: false, Now, batch, ref counters));
        Assert.False(counters.DiscardingOversizedLine);

        // One byte more and it cannot: the parser reports it and takes the bytes off the caller's hands.
        var tooLong = start.Append((byte)'x').ToArray();
        Assert.Equal(tooLong.Length, PlaintextParser.ParseLines(tooLong, isFinalBlock: false, Now, batch, ref counters));
        Assert.True(counters.DiscardingOversizedLine);
        Assert.Equal((1L, 1L, 1L), (counters.Lines, counters.Invalid, counters.Oversized));

        // More of the same line is swallowed, however much arrives…
        var more = Encoding.ASCII.GetBytes(new string('y', 50_000));
        Assert.Equal(more.Length, PlaintextParser.ParseLines(more, isFinalBlock: false, Now, batch, ref counters));
        Assert.True(counters.DiscardingOversizedLine);

        // …until its '\n'; then parsing resumes in the same call.
        var end = Encoding.ASCII.GetBytes("yyy 1 1700000000\nnext.line 2 1700000000\npartial");
        var consumed = PlaintextParser.ParseLines(end, isFinalBlock: false, Now, batch, ref counters);

        Assert.Equal(end.Length - "partial".Length, consumed);
        Assert.False(counters.DiscardingOversizedLine);
        Assert.Equal([new ParsedPoint("next.line", 1700000000, 2)], ParsedPoint.From(batch));
        Assert.Equal((2L, 1L, 1L, 1L), (counters.Lines, counters.Accepted, counters.Invalid, counters.Oversized));
    }

    [Fact]
    public void An_oversized_trailing_line_of_a_final_block_is_counted_once()
    {
        var input = Encoding.ASCII.GetBytes(new string('x', PlaintextParser.MaxLineLength + 10));

        var (points, counters) = ParseWhole(input);

        Assert.Empty(points);
        Assert.Equal((1L, 1L), (counters.Lines, counters.Oversized));
    }

    [Fact]
    public void Streaming_an_oversized_line_gives_the_same_result_as_parsing_it_whole()
    {
        var input = Encoding.ASCII.GetBytes("a 1 1700000000\n" + new string('x', 40_000) + " 1 1700000000\nb 2 1700000000\n");

        var whole = ParseWhole(input);
        var streamed = ParseInChunks(input, Enumerable.Repeat(4096, 20));

        Assert.Equal(whole.Points, streamed.Points);
        Assert.Equal((whole.Counters.Lines, whole.Counters.Invalid, whole.Counters.Oversized),
            (streamed.Counters.Lines, streamed.Counters.Invalid, streamed.Counters.Oversized));
        Assert.Equal(2, whole.Points.Count);
    }

    [Theory]
    [InlineData("abc\ndef", 4, true)]
    [InlineData("\n", 1, true)]
    [InlineData("abc", 3, false)]
    [InlineData("", 0, false)]
    public void Skip_oversized_line_stops_after_the_newline(string buffer, int expectedSkipped, bool expectedFound)
    {
        var skipped = PlaintextParser.SkipOversizedLine(Encoding.ASCII.GetBytes(buffer), out var found);

        Assert.Equal((expectedSkipped, expectedFound), (skipped, found));
    }
}
