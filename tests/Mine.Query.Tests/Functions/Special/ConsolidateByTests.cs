using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Special;

public class ConsolidateByTests
{
    [Theory]
    [InlineData("consolidateBy(alias-special.a.b, \"max\")", "consolidateBy(alias-special.a.b,\"max\")", "max")]
    [InlineData("consolidateBy(alias-special.a.b, 'avg_zero')", "consolidateBy(alias-special.a.b,\"avg_zero\")", "avg_zero")]
    [InlineData("cumulative(alias-special.a.b)", "consolidateBy(alias-special.a.b,\"sum\")", "sum")]
    public void Sets_the_consolidation_function(string target, string name, string function)
    {
        var series = Assert.Single(Kit().Evaluate(target));
        Assert.Equal(name + " " + AB, FunctionTestKit.Describe([series]));
        Assert.Equal(function, series.ConsolidationFunc);
        Assert.Equal(function, series.Tags["consolidateBy"]);
        Assert.Equal(name, series.PathExpression);
    }

    [Fact]
    public void Consolidated_points_use_it()
    {
        var series = Assert.Single(Kit().Evaluate("consolidateBy(alias-special.a.b, 'max')"));
        series.Consolidate(3);
        Assert.Equal([1.0, 3.0, 3.0], series.GetPoints());
    }

    [Fact]
    public void Unknown_functions_are_rejected()
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate("consolidateBy(alias-special.a.b, 'median')"));
        Assert.StartsWith("Invalid option specified for function \"consolidateBy\" parameter \"consolidationFunc\"", error.Message, StringComparison.Ordinal);
    }
}
