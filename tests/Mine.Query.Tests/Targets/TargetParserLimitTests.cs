using Mine.Query.Targets;

namespace Mine.Query.Tests.Targets;

/// <summary>
/// Targets no client sends but anyone can (fuzz/corpus/target/regression-*): nesting beyond
/// <see cref="TargetParser.MaxDepth"/> is a 400-style <see cref="QueryArgumentException"/> instead of a stack overflow
/// that ends the process, and failed <c>template(</c> prefixes are not re-parsed once per way of reaching them.
/// </summary>
public class TargetParserLimitTests
{
    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var node = TargetParser.Parse(Nested(TargetParser.MaxDepth));
        for (var depth = 0; depth < TargetParser.MaxDepth; depth++)
        {
            node = Assert.IsType<CallNode>(node).Arguments[0];
        }

        Assert.Equal(new PathNode("a"), node);
    }

    [Theory]
    [InlineData(TargetParser.MaxDepth + 1)]
    [InlineData(30_000)] // overflowed the parser's stack: the process died (under TargetLimits.MaxLength)
    public void Deeper_nesting_is_refused(int depth)
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(Nested(depth)));
        Assert.Contains($"calls nest more than {TargetParser.MaxDepth} deep", error.Message, StringComparison.Ordinal);
        Assert.Null(TargetParser.TryParsePrefix(Nested(depth)));
    }

    [Fact]
    public void Pipes_count_as_nesting()
    {
        Assert.IsType<CallNode>(TargetParser.Parse("a" + string.Concat(Enumerable.Repeat("|f()", TargetParser.MaxDepth))));
        var tooDeep = "a" + string.Concat(Enumerable.Repeat("|f()", 20_000)); // a tree the evaluator would recurse through
        Assert.Contains("nest more than", Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(tooDeep)).Message, StringComparison.Ordinal);
        Assert.Throws<QueryArgumentException>(() => TargetParser.Parse($"f({Nested(TargetParser.MaxDepth - 1)}|g())"));
    }

    /// <summary>
    /// Each unclosed <c>template(</c> was tried as a template and then again as a call, doubling the work per level:
    /// 40 levels took hours. The timeout only keeps a regression from hanging the run; the parse takes microseconds.
    /// </summary>
    [Fact(Timeout = 60_000)]
    public async Task Unclosed_templates_fail_without_backtracking_exponentially()
    {
        var text = string.Concat(Enumerable.Repeat("template(", 40)) + "a";
        var error = await Task.Run(() => Record.Exception(() => TargetParser.Parse(text)));
        Assert.IsType<QueryArgumentException>(error);
        Assert.IsType<TemplateNode>(TargetParser.Parse(string.Concat(Enumerable.Repeat("template(", 40)) + "a" + new string(')', 40)));
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("f(", depth)) + "a" + new string(')', depth);
}
