using Mine.Query.Render;

namespace Mine.Query.Tests.Render;

public sealed class SeriesConsolidationTests
{
    private const double N = double.NaN;

    /// <summary>Expected values follow datalib.py's __consolidatingGenerator (the JSON goldens cover the same code end to end).</summary>
    [Theory]
    [InlineData("sum", 0.0, new[] { 4.0, 6.0, 5.0 })]
    [InlineData("average", 0.0, new[] { 2.0, 6.0, 5.0 })]
    [InlineData("avg", 0.0, new[] { 2.0, 6.0, 5.0 })]
    [InlineData("avg_zero", 0.0, new[] { 4.0 / 3, 2.0, 5.0 })]
    [InlineData("max", 0.0, new[] { 3.0, 6.0, 5.0 })]
    [InlineData("min", 0.0, new[] { 1.0, 6.0, 5.0 })]
    [InlineData("first", 0.0, new[] { 1.0, 6.0, 5.0 })]
    [InlineData("last", 0.0, new[] { 3.0, 6.0, 5.0 })]
    [InlineData("sum", 0.5, new[] { 4.0, N, N })]
    [InlineData("sum", 0.34, new[] { 4.0, N, N })]
    [InlineData("sum", 0.33, new[] { 4.0, 6.0, 5.0 })]
    public void Consolidate_applies_function_and_xfilesfactor(string function, double xFilesFactor, double[] expected)
    {
        // Buckets of 3: [1, None, 3], [None, None, 6], [5] (the short last bucket still counts against 3).
        double[] values = [1.0, N, 3.0, N, N, 6.0, 5.0];
        Assert.Equal(expected, SeriesConsolidation.Consolidate(values, 3, function, xFilesFactor));
    }

    [Fact]
    public void Consolidate_yields_none_for_an_all_null_bucket_even_with_zero_xfilesfactor()
        => Assert.Equal([N, 1.0], SeriesConsolidation.Consolidate([N, N, 1.0], 2, "avg_zero", 0));

    [Fact]
    public void Consolidate_rejects_unknown_functions_like_graphite_web()
    {
        var error = Assert.Throws<ArgumentException>(() => SeriesConsolidation.Consolidate([1.0], 2, "median", 0));
        Assert.StartsWith("Invalid consolidation function: 'median'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_and_min_keep_the_first_of_equal_extremes()
    {
        Assert.True(double.IsNegative(SeriesConsolidation.Consolidate([-0.0, 0.0], 2, "max", 0)[0]));
        Assert.False(double.IsNegative(SeriesConsolidation.Consolidate([0.0, -0.0], 2, "min", 0)[0]));
        Assert.False(double.IsNegative(SeriesConsolidation.Consolidate([-0.0, -0.0], 2, "sum", 0)[0]));
    }
}
