using FsCheck;
using FsCheck.Fluent;
using Mine.Query.Targets;
using Mine.Query.Tests.Functions;
using Xunit;

namespace Mine.Query.Tests.Targets;

/// <summary>
/// Targets that do not parse in full: graphite-web's grammar evaluates the longest prefix it accepts
/// (TargetPrefixGoldenCases, recorded from its own pyparsing grammar), and ParseRenderTarget answers as
/// graphite-web for unfinished targets and broken calls or pipes, keeping an error for stray text.
/// </summary>
public class TargetPrefixTests
{
    public static TheoryData<int> GoldenIndexes => new(Enumerable.Range(0, TargetPrefixGoldenCases.All.Length));

    [Theory]
    [MemberData(nameof(GoldenIndexes))]
    public void Longest_prefix_is_what_graphite_webs_grammar_evaluates(int index)
    {
        var (target, expression, ignored) = TargetPrefixGoldenCases.All[index];
        var node = TargetParser.TryParsePrefix(target, out var end);
        if (expression is null)
        {
            Assert.True(node is null, $"'{target}': graphite-web's grammar raises, Mine read {(node is null ? "" : TargetParserTests.Show(node))}");
            return;
        }

        Assert.True(node is not null, $"'{target}': graphite-web evaluates {expression}, Mine found no prefix");
        Assert.Equal(expression, TargetParserTests.Show(node));
        Assert.Equal(ignored, target[end..].TrimStart(" \t\r\n".ToCharArray()));
    }

    [Theory]
    [InlineData("sumSeries(", "path:sumSeries")]
    [InlineData("sumSeries(a.b", "path:sumSeries")]
    [InlineData("sumSeries(a.b,", "path:sumSeries")]
    [InlineData("alias(a.b, 'x", "path:alias")]
    [InlineData("sumSeries(averageSeries(a.b)", "path:sumSeries")]
    [InlineData("a.b.", "path:a.b")]
    [InlineData("a.b.{c,", "path:a.b")]
    [InlineData("a.b|", "path:a.b")]
    [InlineData("a.b | alias(", "path:a.b")]
    [InlineData("a.b|scale(2)|alias('x", "scale(path:a.b, int:2)")]
    public void Unfinished_targets_are_read_as_graphite_web_reads_them(string target, string expected)
        => Assert.Equal(expected, TargetParserTests.Show(TargetParser.ParseRenderTarget(target)));

    [Theory]
    [InlineData("sumSeries(a.b c)", "path:sumSeries")]
    [InlineData("f(a,)", "path:f")]
    [InlineData("f(x=1, a)", "path:f")]
    [InlineData("alias(a.b, 'x'", "path:alias")]
    [InlineData("sumSeries (a.b c)", "path:sumSeries")]
    [InlineData("a|b", "path:a")]
    [InlineData("a.b|alias('x' y)", "path:a.b")]
    public void Calls_and_pipes_that_break_are_read_as_graphite_web_reads_them(string target, string expected)
        => Assert.Equal(expected, TargetParserTests.Show(TargetParser.ParseRenderTarget(target)));

    [Theory]
    [InlineData("a.b)", "unexpected text")]
    [InlineData("a.b c", "unexpected text")]
    [InlineData("sumSeries(a.b))", "unexpected text")]
    [InlineData("sumSeries(a.b) x", "unexpected text")]
    [InlineData("a..b", "empty path element")]
    [InlineData("a.b(x)", "unexpected text")]
    [InlineData("(", "expected a metric path")]
    [InlineData("'x'", "expected a metric path")]
    [InlineData("|a", "expected a metric path")]
    public void Stray_text_and_targets_without_a_valid_start_stay_errors(string target, string reason)
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.ParseRenderTarget(target));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sumSeries(a.*, b)")]
    [InlineData("a.b|aliasByNode(1)|movingAverage(\"5min\")")]
    [InlineData("template(a.$x.c, x=\"b\")")]
    public void Complete_targets_parse_as_before(string target)
        => Assert.Equal(TargetParserTests.Show(TargetParser.Parse(target)), TargetParserTests.Show(TargetParser.ParseRenderTarget(target)));

    [Fact]
    public void Garbage_gives_a_target_or_a_query_error()
    {
        var alphabet = "ab.*(){}[],'\"\\|=-1e5 \t_$;~".ToCharArray();
        var garbage = Gen.ArrayOf(Gen.Elements(alphabet)).Select(chars => new string(chars));
        Prop.ForAll(garbage.ToArbitrary(), text =>
        {
            try
            {
                Assert.NotNull(TargetParser.ParseRenderTarget(text));
            }
            catch (QueryArgumentException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_unfinished_call_evaluates_the_function_name_as_a_path_and_answers_nothing()
    {
        var kit = new FunctionTestKit().Add("a.b", 1, 2);
        Assert.Empty(kit.Evaluate("sumSeries(a.b"));
        Assert.Equal("a.b [1.0, 2.0]", FunctionTestKit.Describe(kit.Evaluate("a.b|alias(")));
    }
}
