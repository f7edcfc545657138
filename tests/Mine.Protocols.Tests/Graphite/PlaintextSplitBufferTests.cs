using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>
/// Wherever TCP happens to cut the stream, the result must be the same as parsing it whole (RESPite's
/// Split:{i} theory): one case per split point, plus byte-at-a-time delivery.
/// </summary>
public class PlaintextSplitBufferTests
{
    private static readonly byte[] s_stream = Bytes.Latin1(
        "servers.web-001.cpu-0.cpu-user 54.321 1779926400\n"
        + "windows.sender 1 1779926400\r\n"
        + "\n"
        + "  padded\t2.5e1  1779926401  \n"
        + "not a valid line at all\n"
        + "nan.value nan 1779926400\n"
        + "tagged;zone=b;app=x 7 -1\n"
        + "caf\u00c3\u00a9 3 1779926402\n"
        + "bad\u0001name 1 1779926400\n"
        + "last.unterminated 9 1779926403");

    public static TheoryData<int> SplitPoints()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i <= s_stream.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public void Split_anywhere_gives_the_same_batch(int splitAt)
    {
        var whole = ParseWhole(s_stream);

        var split = ParseInChunks(s_stream, [splitAt]);

        Assert.Equal(whole.Points, split.Points);
        Assert.Equal(whole.Counters, split.Counters);
    }

    [Fact]
    public void Byte_at_a_time_gives_the_same_batch()
    {
        var whole = ParseWhole(s_stream);

        var trickled = ParseInChunks(s_stream, Enumerable.Repeat(1, s_stream.Length));

        Assert.Equal(whole.Points, trickled.Points);
        Assert.Equal(whole.Counters, trickled.Counters);
    }

    [Fact]
    public void The_stream_covers_every_outcome()
    {
        var (points, counters) = ParseWhole(s_stream);

        Assert.Equal(10, counters.Lines);
        Assert.Equal(6, counters.Accepted);
        Assert.Equal(2, counters.Invalid);
        Assert.Equal(1, counters.NanDropped);
        Assert.Equal(1, counters.Blank);
        Assert.Contains(new ParsedPoint("tagged;app=x;zone=b", Now, 7), points);
    }
}
