using Mine.Protocols.Graphite;

namespace Mine.Protocols.Tests.Graphite;

public class GraphitePointRulesTests
{
    private const long Now = 1_779_926_400;

    [Theory]
    [InlineData(1700000000.0, 1700000000L)]
    [InlineData(1700000000.99, 1700000000L)]
    [InlineData(-1.0, Now)]
    [InlineData(-1.99, Now)]
    [InlineData(-0.99, 0L)]
    [InlineData(0.0, 0L)]
    [InlineData(253402300799.0, 253402300799L)]
    [InlineData(253402300799.5, 253402300799L)]
    public void Resolves_timestamps_like_carbon(double timestamp, long expected)
    {
        Assert.True(GraphitePointRules.TryResolveTimestamp(timestamp, Now, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-1e18)]
    [InlineData(253402300800.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Rejects_timestamps_carbon_cannot_store(double timestamp)
    {
        Assert.False(GraphitePointRules.TryResolveTimestamp(timestamp, Now, out _));
    }
}
