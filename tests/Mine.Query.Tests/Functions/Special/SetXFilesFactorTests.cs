using Mine.Query.Evaluation;
using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class SetXFilesFactorTests
{
    [Theory]
    [InlineData("xFilesFactor(alias-special.a.b, 0.5)", 0.5, "0.5")]
    [InlineData("setXFilesFactor(alias-special.a.b, 1)", 1.0, "1.0")]
    [InlineData("alias-special.a.b|xFilesFactor(0)", 0.0, "0.0")]
    public void Sets_the_factor_and_tags_it(string target, double factor, string tag)
    {
        var series = Assert.Single(Kit().Evaluate(target));
        Assert.Equal("alias-special.a.b " + AB, FunctionTestKit.Describe([series]));
        Assert.Equal(factor, series.XFilesFactor);
        Assert.Equal(tag, series.Tags["xFilesFactor"]);
    }

    [Fact]
    public void Becomes_the_default_for_the_rest_of_the_request()
    {
        var kit = Kit();
        var context = kit.Context(xFilesFactor: 0.1);
        var result = TargetEvaluator.Default.Evaluate(["alias-special.a.b", "xFilesFactor(alias-special.zero.v, 0.6)", "alias-special.a.c"], context);
        Assert.Equal([0.1, 0.6, 0.6], result.Select(s => s.XFilesFactor));
        Assert.Equal(0.6, context.XFilesFactor);

        // Series made by functions afterwards take it too.
        Assert.Equal(0.6, Assert.Single(TargetEvaluator.Default.Evaluate(["constantLine(1)"], context)).XFilesFactor);
    }

    [Fact]
    public void A_copy_of_the_context_keeps_its_changes_to_itself()
    {
        var context = Kit().Context(xFilesFactor: 0.1);
        var copy = context.WithTimeRange(context.StartSeconds, context.EndSeconds);
        TargetEvaluator.Default.Evaluate(["xFilesFactor(alias-special.a.b, 0.7)"], copy);
        Assert.Equal(0.7, copy.XFilesFactor);
        Assert.Equal(0.1, context.XFilesFactor);
    }
}
