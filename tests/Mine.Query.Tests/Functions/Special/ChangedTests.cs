using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class ChangedTests
{
    [Theory]
    [InlineData("changed(alias-special.a.b)", "changed(alias-special.a.b) [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]")]
    [InlineData("changed(alias-special.zero.v)", "changed(alias-special.zero.v) [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]")]
    [InlineData("changed(alias-special.neg.v)", "changed(alias-special.neg.v) [0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0]")]
    public void Marks_changes(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Leading_nones_keep_waiting_for_a_first_value()
    {
        var kit = new FunctionTestKit().Add("x", double.NaN, double.NaN, 5, 5, 6);
        var series = Assert.Single(kit.Evaluate("changed(x)"));
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 1.0], series.Values);
        Assert.Equal("changed(x)", series.PathExpression);
    }

    [Fact]
    public void Reads_consolidated_points_but_writes_raw_slots()
    {
        var kit = new FunctionTestKit().Add("x", 1, 1, 2, 2, 3, 3);
        var series = Assert.Single(kit.Evaluate("x"));
        series.Consolidate(2);
        var call = Mine.Query.Evaluation.TargetEvaluator.Default.InvokeFunction("changed", kit.Context(), [new List<Mine.Query.Series.TimeSeries> { series }]);

        // Points 1, 2, 3 -> 0, 1, 1 written into raw slots 0..2; slots 3..5 keep their values.
        Assert.Equal([0.0, 1.0, 1.0, 2.0, 3.0, 3.0], Assert.Single(call).Values);
    }
}
