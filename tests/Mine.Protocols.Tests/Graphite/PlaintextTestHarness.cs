using Mine.Core.Series;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>Drives <see cref="PlaintextParser"/> the way a connection handler would.</summary>
internal static class PlaintextTestHarness
{
    public const long Now = 1_779_926_400;

    public static (List<ParsedPoint> Points, PlaintextCounters Counters) ParseWhole(byte[] input)
    {
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();
        var consumed = PlaintextParser.ParseLines(input, isFinalBlock: true, Now, batch, ref counters);
        Assert.Equal(input.Length, consumed);
        AssertInvariants(counters);
        return (ParsedPoint.From(batch), counters);
    }

    /// <summary>
    /// Feeds <paramref name="input"/> in chunks as a socket would deliver it, keeping unconsumed bytes between
    /// calls, and closes with a final empty block.
    /// </summary>
    public static (List<ParsedPoint> Points, PlaintextCounters Counters) ParseInChunks(byte[] input, IEnumerable<int> chunkLengths)
    {
        var batch = new PointBatch(16);
        var counters = new PlaintextCounters();
        var pending = new List<byte>();
        var offset = 0;
        foreach (var length in chunkLengths)
        {
            var take = Math.Min(length, input.Length - offset);
            pending.AddRange(input.AsSpan(offset, take).ToArray());
            offset += take;
            var buffer = pending.ToArray();
            var consumed = PlaintextParser.ParseLines(buffer, isFinalBlock: false, Now, batch, ref counters);
            Assert.InRange(consumed, 0, buffer.Length);
            pending.RemoveRange(0, consumed);
            Assert.True(pending.Count <= PlaintextParser.MaxLineLength, "the caller never has to hold more than one line");
        }

        pending.AddRange(input.AsSpan(offset).ToArray());
        var rest = pending.ToArray();
        Assert.Equal(rest.Length, PlaintextParser.ParseLines(rest, isFinalBlock: true, Now, batch, ref counters));
        AssertInvariants(counters);
        return (ParsedPoint.From(batch), counters);
    }

    public static void AssertInvariants(in PlaintextCounters counters)
    {
        Assert.Equal(counters.Lines, counters.Accepted + counters.Invalid + counters.NanDropped + counters.Blank);
        Assert.True(counters.Oversized <= counters.Invalid);
    }
}
