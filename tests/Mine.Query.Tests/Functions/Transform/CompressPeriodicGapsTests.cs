using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class CompressPeriodicGapsTests
{
    private const double N = double.NaN;

    // Expected: graphite-web master's compressPeriodicGaps run on the same values (it is not in 1.1.8).
    public static TheoryData<double[], string, long, long, long> Cases => new()
    {
        { [N, 1, N, N, 2, N, N, 3, N, N, 4, N], "[1.0, 2.0, 3.0, 4.0]", 60, 600, 180 },
        { [1, N, 2, N, 3, N, 4], "[1.0, 2.0, 3.0, 4.0]", 0, 360, 120 },
        { [1, N, 2, N, 3, N], "[1.0, 2.0, 3.0]", 0, 240, 120 },
        { [1, N, N, 2, N, N, 3, N, N], "[1.0, 2.0, 3.0]", 0, 360, 180 },

        // Zero is falsy in Python, so it does not count as a value when guessing.
        { [0, N, 2, N, 4, N, 6, N, 8, N], "[2.0, 4.0, 6.0, 8.0]", 120, 480, 120 },
        { [N, N, 5, N, N, N, 6, N, N, N, 7, N, N, N], "[5.0, 6.0, 7.0]", 120, 600, 240 },

        // No gap, or the third value not surrounded by Nones: unchanged.
        { [1, 2, 3, 4], "[1.0, 2.0, 3.0, 4.0]", 0, 240, 60 },
        { [1, N, 2, N, 3, 3, 4, N], "[1.0, None, 2.0, None, 3.0, 3.0, 4.0, None]", 0, 480, 60 },
        { [1, N, 2, N, N, N, 3, N, 5, N], "[1.0, None, 2.0, None, None, None, 3.0, None, 5.0, None]", 0, 600, 60 },
        { [N, N], "[None, None]", 0, 120, 60 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Re_steps_series_with_periodic_gaps(double[] values, string expected, long start, long end, long step)
    {
        var kit = new FunctionTestKit().Add("a.b", values);
        var series = Assert.Single(kit.Evaluate("compressPeriodicGaps(a.b)"));
        Assert.Equal($"compressPeriodicGaps(a.b) {expected}", FunctionTestKit.Describe([series]));
        Assert.Equal((FunctionTestKit.Start + start, FunctionTestKit.Start + end, step), (series.Start, series.End, series.Step));
        Assert.Equal(series.Name, series.PathExpression);
        Assert.Equal("a.b", series.Tags["name"]);
    }
}
