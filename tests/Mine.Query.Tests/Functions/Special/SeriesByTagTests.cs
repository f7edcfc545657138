using Mine.Query.Evaluation;
using Mine.Query.Functions;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Special;

/// <summary>
/// seriesByTag through the evaluator and by name. The kit's tag source only knows tag=value; the full operator
/// set is tested against the storage tag index (Mine.Storage.Tests, TagExpressionQueryTests).
/// </summary>
public class SeriesByTagTests
{
    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("disk.used;dc=ny;host=c", 5, 6)
        .Add("disk.used;dc=la;host=b", 3, 4)
        .Add("disk.used;dc=la;host=a", 1, 2)
        .Add("cpu.load;dc=la;host=a", 7, double.NaN);

    [Theory]
    [InlineData("seriesByTag('dc=la')", "cpu.load;dc=la;host=a [7.0, None]\ndisk.used;dc=la;host=a [1.0, 2.0]\ndisk.used;dc=la;host=b [3.0, 4.0]")]
    [InlineData("seriesByTag('name=disk.used', \"host=a\")", "disk.used;dc=la;host=a [1.0, 2.0]")]
    [InlineData("seriesByTag('dc=sf')", "")]
    [InlineData("scale(seriesByTag('host=c'),2)", "scale(disk.used;dc=ny;host=c,2) [10.0, 12.0]")]
    public void Selects_series_by_tag_sorted_by_name(string target, string expected) =>
        Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Fact]
    public void Series_keep_the_call_as_path_expression_and_their_tags()
    {
        var series = Kit().Evaluate("seriesByTag('host=a','dc=la')");

        Assert.All(series, s => Assert.Equal("seriesByTag('host=a','dc=la')", s.PathExpression));
        Assert.Equal("la", series[0].Tags["dc"]);
        Assert.Equal("cpu.load", series[0].Tags["name"]);
    }

    [Fact]
    public void Invoked_by_name_it_fetches_the_same_way()
    {
        var kit = Kit();
        var context = kit.Context();

        var first = TargetEvaluator.Default.InvokeFunction("seriesByTag", context, ["dc=la", "host=b"]);
        var second = TargetEvaluator.Default.InvokeFunction("seriesByTag", context, ["host=c"]);

        Assert.Equal("disk.used;dc=la;host=b [3.0, 4.0]", FunctionTestKit.Describe(first));
        Assert.Equal("seriesByTag('dc=la','host=b')", first[0].PathExpression);
        Assert.Equal("disk.used;dc=ny;host=c [5.0, 6.0]", FunctionTestKit.Describe(second)); // not the first call's cached fetch
    }

    [Theory]
    [InlineData("seriesByTag()", "seriesByTag(): at least one tag expression is required")]
    [InlineData("seriesByTag(1)", "seriesByTag(): every argument must be a quoted tag expression")]
    [InlineData("seriesByTag(a.b)", "seriesByTag(): every argument must be a quoted tag expression")]
    public void Bad_arguments_are_refused(string target, string messageStart)
    {
        var kit = Kit().Add("a.b", 1);
        var error = Assert.Throws<QueryArgumentException>(() => kit.Evaluate(target));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_matches_graphite_web()
    {
        Assert.True(FunctionRegistry.Default.TryGet("seriesByTag", out var definition));

        Assert.Equal(FunctionGroups.Special, definition.Group);
        var parameter = Assert.Single(definition.Parameters);
        Assert.Equal(("tagExpressions", ParamType.String, true, true, null), (parameter.Name, parameter.Type, parameter.Required, parameter.Multiple, parameter.Default));
        Assert.Equal("seriesByTag(*tagExpressions)", definition.SignatureFor("seriesByTag"));
    }
}
