using Mine.Query.Evaluation;
using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Graph;

public class StackedTests
{
    private const string StackedC = "[1.125, 3.675, 1234567.0, 2050.0, 2.001, None, None, None, None]";

    [Theory]
    [InlineData("stacked(alias-special.a.*)", "stacked(alias-special.a.b) " + AB + "\nstacked(alias-special.a.c) " + StackedC)]
    [InlineData("stacked(alias-special.a.*, \"tx\")", "alias-special.a.b " + AB + "\nalias-special.a.c " + StackedC)]
    public void Stacks_each_series_on_the_ones_before(string target, string expected)
    {
        var result = Kit().Evaluate(target);
        Assert.Equal(expected, FunctionTestKit.Describe(result));
        Assert.All(result, s => Assert.Equal(true, s.Options["stacked"]));
    }

    [Fact]
    public void Only_the_default_stack_tags_and_renames()
    {
        Assert.Equal("__DEFAULT__", Assert.Single(Kit().Evaluate("stacked(alias-special.a.b)")).Tags["stacked"]);
        Assert.False(Assert.Single(Kit().Evaluate("stacked(alias-special.a.b, 'tx')")).Tags.ContainsKey("stacked"));
    }

    [Fact]
    public void Stacks_carry_over_between_targets_of_a_request_by_name()
    {
        // Checked against graphite-web with these four targets in one request.
        var kit = Kit();
        var result = TargetEvaluator.Default.Evaluate(
            ["stacked(alias-special.a.b)", "stacked(alias-special.a.c)", "stacked(alias-special.a.c, \"x\")", "stacked(alias-special.a.b, \"x\")"],
            kit.Context());
        Assert.Equal(
            "stacked(alias-special.a.b) " + AB
            + "\nstacked(alias-special.a.c) " + StackedC
            + "\nalias-special.a.c " + AC
            + "\nalias-special.a.b [1.125, 3.675, None, 2050.0, 2.001, 3.0, None, None, 3.0]",
            FunctionTestKit.Describe(result));
    }

    [Fact]
    public void A_new_request_starts_from_zero()
    {
        var kit = Kit();
        kit.Evaluate("stacked(alias-special.a.b)");
        Assert.Equal("stacked(alias-special.a.c) " + AC, FunctionTestKit.Describe(kit.Evaluate("stacked(alias-special.a.c)")));
    }
}
