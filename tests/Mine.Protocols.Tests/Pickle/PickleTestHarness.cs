using Mine.Core.Series;
using Mine.Protocols.Pickle;
using Mine.Protocols.Tests.TestSupport;

namespace Mine.Protocols.Tests.Pickle;

internal static class PickleTestHarness
{
    public const long Now = 1_779_926_400;

    public static (bool Unpickled, List<ParsedPoint> Points, PickleCounters Counters) Parse(byte[] payload)
    {
        var batch = new PointBatch(16);
        var counters = new PickleCounters();
        var unpickled = PickleParser.ParsePayload(payload, Now, batch, ref counters);
        AssertInvariants(counters, unpickled, batch);
        return (unpickled, ParsedPoint.From(batch), counters);
    }

    public static void AssertInvariants(in PickleCounters counters, bool unpickled, PointBatch batch)
    {
        Assert.Equal(counters.Items, counters.Accepted + counters.Invalid + counters.NanDropped);
        Assert.Equal(counters.Accepted, batch.Count);
        if (!unpickled)
        {
            Assert.Equal(0, batch.Count);
            Assert.Equal(0, counters.Items);
            Assert.False(string.IsNullOrEmpty(counters.LastFrameError));
        }
    }
}
