using Mine.Compat.Python;
using Mine.Query.Functions;
using Mine.Query.Functions.Combine;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

public class PercentileOfSeriesTests
{
    private const double N = double.NaN;

    // The same values as the whisper files used to check graphite-web 1.1.8's answers.
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.x", 1, 2, N, 4, 5, 6, N, 8, 9, 10)
        .Add("a.y", 10, N, N, 40, 50.5, -6, 7, 8, N, 1)
        .Add("a.z", 3, 3, N, 3, 0, 0, 2, 2, 2, 2)
        .AddAt("c.p", FunctionTestKit.Start, 120, 5, 7, N, 9, 11);

    [Theory]
    [InlineData("percentileOfSeries(a.*,50)", "percentileOfSeries(a.*,50) [3.0, 3.0, None, 4.0, 5.0, 0.0, 7.0, 8.0, 9.0, 2.0]")]
    [InlineData("percentileOfSeries(a.*,50,true)", "percentileOfSeries(a.*,50) [3.0, 2.5, None, 4.0, 5.0, 0.0, 4.5, 8.0, 5.5, 2.0]")]
    [InlineData("percentileOfSeries(a.*,90)", "percentileOfSeries(a.*,90) [10.0, 3.0, None, 40.0, 50.5, 6.0, 7.0, 8.0, 9.0, 10.0]")]
    [InlineData("percentileOfSeries(a.*,90,true)", "percentileOfSeries(a.*,90) [10.0, 3.0, None, 40.0, 50.5, 6.0, 7.0, 8.0, 9.0, 10.0]")]
    [InlineData("percentileOfSeries(a.*,10,true)", "percentileOfSeries(a.*,10) [1.0, 2.0, None, 3.0, 0.0, -6.0, 2.0, 2.0, 2.0, 1.0]")]
    [InlineData("percentileOfSeries(a.*,100)", "percentileOfSeries(a.*,100) [10.0, 3.0, None, 40.0, 50.5, 6.0, 7.0, 8.0, 9.0, 10.0]")]
    [InlineData("percentileOfSeries(a.*,33.3333)", "percentileOfSeries(a.*,33.3333) [3.0, 2.0, None, 4.0, 5.0, 0.0, 2.0, 8.0, 2.0, 2.0]")]
    [InlineData("percentileOfSeries(a.*,n=33.3333,interpolate=false)", "percentileOfSeries(a.*,33.3333) [3.0, 2.0, None, 4.0, 5.0, 0.0, 2.0, 8.0, 2.0, 2.0]")]
    [InlineData("percentileOfSeries(a.x,50)", "percentileOfSeries(a.x,50) [1.0, 2.0, None, 4.0, 5.0, 6.0, None, 8.0, 9.0, 10.0]")]
    [InlineData("percentileOfSeries(nope.*,50)", "")]
    [InlineData("percentileOfSeries(nope.*,200)", "")]
    [InlineData("percentileOfSeries({a,c}.{x,p},50)", "percentileOfSeries({a,c}.{x,p},50) [5.0, 7.0, 5.5, 9.0, 11.0]")]
    [InlineData("percentileOfSeries({a,c}.{x,p},50,true)", "percentileOfSeries({a,c}.{x,p},50) [3.25, 5.5, 5.5, 8.5, 10.25]")]
    public void Computes_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Has_no_aggregatedBy_tag_and_keeps_the_request_xFilesFactor()
    {
        var result = Kit().Evaluate("percentileOfSeries(a.*,50)", xFilesFactor: 0.25);
        Assert.Equal([new("name", "percentileOfSeries(a.*,50)")], result[0].Tags);
        Assert.Equal(0.25, result[0].XFilesFactor);
    }

    [Theory]
    [InlineData(new[] { 0.0, -0.0 }, 50, false, "-0.0")]
    [InlineData(new[] { -0.0, 0.0 }, 50, false, "0.0")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 25, false, "2.0")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 25, true, "1.25")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 1, false, "1.0")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 1, true, "1.0")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 75, true, "3.75")]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 100, false, "4.0")]
    public void Percentile_follows_the_nist_ranks(double[] points, double n, bool interpolate, string expected)
    {
        // A rank below 1 picks the first value; a rank past the list picks the last one.
        var value = PercentileOfSeries.Percentile(points, n, interpolate);
        Assert.NotNull(value);
        Assert.Equal(expected, PythonFloat.Repr(value.Value));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NaN, false)]
    public void Percentile_has_no_value_where_graphite_web_raises(double n, bool interpolate)
        => Assert.Null(PercentileOfSeries.Percentile([1, 2, 3], n, interpolate));

    [Theory]
    [InlineData("percentileOfSeries(a.*,0)", "percentileOfSeries(): The requested percent is required to be greater than 0")]
    [InlineData("percentileOfSeries(a.*,-5)", "percentileOfSeries(): The requested percent is required to be greater than 0")]
    [InlineData("percentileOfSeries(nope.*,0)", "percentileOfSeries(): The requested percent is required to be greater than 0")]
    [InlineData("percentileOfSeries(a.*,100,true)", "percentileOfSeries(): the 100th percentile lies beyond the highest value when interpolating")]
    [InlineData("percentileOfSeries(a.*,150)", "percentileOfSeries(): the 150th percentile lies beyond the highest value")]
    [InlineData("percentileOfSeries(a.*)", "Missing required parameter \"n\" for function \"percentileOfSeries\"")]
    [InlineData("percentileOfSeries(a.*,50,\"maybe\")", "Invalid \"boolean\" value specified for function \"percentileOfSeries\" parameter \"interpolate\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_not_an_aggregator()
    {
        Assert.True(FunctionRegistry.Default.TryGet("percentileOfSeries", out var definition));
        Assert.False(definition.IsAggregator);
    }

    /// <summary>Selection instead of sorting: the same value, bit for bit, as indexing Python's stable sorted() list.</summary>
    [Fact]
    public void Selected_ranks_equal_the_stably_sorted_row()
    {
        var random = new Random(17);
        for (var round = 0; round < 3000; round++)
        {
            var length = random.Next(1, 60);
            var row = Enumerable.Range(0, length).Select(_ => random.Next(8) switch
            {
                0 => double.NaN,
                1 => 0.0,
                2 => -0.0,
                3 => random.Next(-3, 4), // many duplicates
                _ => Math.Round((random.NextDouble() - 0.5) * 100, 2),
            }).ToArray();
            var n = random.Next(4) == 0 ? random.Next(1, 101) : random.NextDouble() * 100;
            var interpolate = random.Next(2) == 0;

            var actual = PercentileOfSeries.Percentile(row, n, interpolate);
            var expected = Reference(row, n, interpolate);
            Assert.Equal(expected.HasValue, actual.HasValue);
            if (expected is { } e && actual is { } a)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) || (double.IsNaN(e) && double.IsNaN(a)), $"round {round}: {e:R} vs {a:R}");
            }
        }
    }

    /// <summary>graphite-web's _getPercentile over sorted() (OrderBy is stable, as sorted() is).</summary>
    private static double? Reference(double[] row, double n, bool interpolate)
    {
        var sorted = row.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var fractionalRank = n / 100.0 * (sorted.Length + 1);
        if (!(fractionalRank <= sorted.Length + 1))
        {
            return null;
        }

        var rank = (int)fractionalRank;
        var rankFraction = fractionalRank - rank;
        if (!interpolate)
        {
            rank += (int)Math.Ceiling(rankFraction);
        }

        var percentile = rank == 0 ? sorted[0] : rank - 1 == sorted.Length ? sorted[^1] : sorted[rank - 1];
        if (interpolate && rank != sorted.Length)
        {
            if (rank > sorted.Length)
            {
                return null;
            }

            percentile += rankFraction * (sorted[rank] - percentile);
        }

        return percentile;
    }
}
