using Mine.Query.Targets;
using Xunit;

namespace Mine.Query.Tests.Targets;

/// <summary>Hostile targets are refused with a message naming the limit, never overflow the stack or hang.</summary>
public class TargetLimitsTests
{
    private static string Nested(int depth, string inner = "a.b") => string.Concat(Enumerable.Repeat("sumSeries(", depth)) + inner + new string(')', depth);

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var node = TargetParser.Parse(Nested(TargetLimits.MaxNesting));
        var depth = 0;
        while (node is CallNode call)
        {
            depth++;
            node = call.Arguments[0];
        }

        Assert.Equal(TargetLimits.MaxNesting, depth);
    }

    [Theory]
    [InlineData(TargetLimits.MaxNesting + 1)]
    [InlineData(9_000)] // just under the length limit
    public void Nesting_deeper_than_the_limit_is_refused(int depth)
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(Nested(depth)));
        Assert.Contains("TargetLimits.MaxNesting", error.Message, StringComparison.Ordinal);
        Assert.Contains(TargetLimits.MaxNesting.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_thousand_nested_calls_are_refused_by_a_limit()
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(Nested(50_000)));
        Assert.Contains("TargetLimits.", error.Message, StringComparison.Ordinal);
        Assert.Contains("TargetLimits.MaxNesting", Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(string.Concat(Enumerable.Repeat("f(", 30_000)) + "a" + new string(')', 30_000))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipes_count_as_nesting()
    {
        var atLimit = "a.b" + string.Concat(Enumerable.Repeat("|scale(2)", TargetLimits.MaxNesting));
        Assert.IsType<CallNode>(TargetParser.Parse(atLimit));
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(atLimit + "|scale(2)"));
        Assert.Contains("TargetLimits.MaxNesting", error.Message, StringComparison.Ordinal);

        // Pipes inside nested calls add to the calls around them.
        var mixed = Nested(TargetLimits.MaxNesting - 1, "a.b|scale(1)|scale(2)");
        Assert.Contains("TargetLimits.MaxNesting", Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(mixed)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nPercentile(a.b,99999999999999999999)", "too large")]
    [InlineData("a.b|scale(1)|scale(1)", null)]
    public void A_render_target_over_a_limit_is_refused_instead_of_read_as_a_shorter_prefix(string target, string? message)
    {
        // graphite-web parses these; falling back to the longest prefix ("nPercentile", a path) would answer []
        // where the user should learn which bound Mine has.
        var deep = message is null;
        if (deep)
        {
            target = Nested(TargetLimits.MaxNesting - 1, target);
        }

        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.ParseRenderTarget(target));
        Assert.Contains(message ?? "TargetLimits.MaxNesting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_longer_than_the_limit_is_refused()
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse("a." + new string('b', TargetLimits.MaxLength)));
        Assert.Contains("TargetLimits.MaxLength", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, "the message does not echo the whole target");
    }

    [Fact]
    public void A_call_with_more_arguments_than_the_limit_is_refused()
    {
        var atLimit = "group(" + string.Join(',', Enumerable.Repeat("a.b", TargetLimits.MaxArguments)) + ")";
        Assert.Equal(TargetLimits.MaxArguments, ((CallNode)TargetParser.Parse(atLimit)).Arguments.Count);
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse("group(" + string.Join(',', Enumerable.Repeat("a.b", TargetLimits.MaxArguments + 1)) + ")"));
        Assert.Contains("TargetLimits.MaxArguments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_templates_that_fail_are_not_parsed_again_and_again()
    {
        // Each level is a template whose arguments are not literals, so each falls back to an ordinary call:
        // without remembering the failed attempts that re-parses every inner level twice per level (2^40 here).
        var target = string.Concat(Enumerable.Repeat("template(", 40)) + "a.b" + string.Concat(Enumerable.Repeat(", x.y)", 40));
        var node = TargetParser.Parse(target);
        Assert.Equal("template", Assert.IsType<CallNode>(node).Name);
    }

    [Theory]
    [InlineData("scale(a.b, 99999999999999999999)")]
    [InlineData("highest(a.b, -99999999999999999999)")]
    public void Whole_numbers_beyond_64_bits_are_refused(string target)
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(target));
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }
}
