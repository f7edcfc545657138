using Mine.Query.Functions.Common;

namespace Mine.Query.Tests.Functions.Common;

public class PercentileTests
{
    private static readonly double[] Points = [5, double.NaN, 1, 4, 2, 3];

    [Theory]
    [InlineData(50, false, 3.0)]
    [InlineData(30, false, 2.0)]
    [InlineData(100, false, 5.0)]
    [InlineData(0.5, false, 1.0)]

    // A negative rank indexes from the end like a Python list: -50% of 6 is rank -3, item [-4].
    [InlineData(-50, false, 2.0)]
    [InlineData(-10, false, 1.0)]
    [InlineData(30, true, 1.8)]
    [InlineData(50, true, 3.0)]
    [InlineData(90, true, 5.0)]
    public void Uses_the_nist_rank_and_python_indexing(double n, bool interpolate, double expected)
    {
        Assert.True(Percentile.TryGet(Points, n, interpolate, out var value));
        Assert.Equal(expected, value, 12);
    }

    [Theory]
    [InlineData(150)]
    [InlineData(101)]
    [InlineData(-90)]
    public void Ranks_off_either_end_are_python_index_errors(double n)
    {
        Assert.False(Percentile.TryGet(Points, n, false, out _));
    }

    [Fact]
    public void No_values_give_none()
    {
        Assert.True(Percentile.TryGet([double.NaN], 50, false, out var value));
        Assert.True(double.IsNaN(value));
    }
}
