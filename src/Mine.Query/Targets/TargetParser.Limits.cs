namespace Mine.Query.Targets;

/// <summary>The parser's bounds: how deep a target may nest, and the memo that keeps template backtracking linear.</summary>
public sealed partial class TargetParser
{
    /// <summary>
    /// Deepest a target may nest calls, pipes included (<c>a|f()|g()</c> is two deep). graphite-web's pyparsing
    /// grammar already fails with Python's RecursionError (HTTP 500) between 20 and 40 levels; without a bound a
    /// few kilobytes of <c>f(f(f(…</c> would overflow the stack of the parser or the evaluator and end the process.
    /// </summary>
    public const int MaxDepth = 100;

    private int _nesting;
    private bool _tooDeep;

    /// <summary>
    /// Positions where <c>template(</c> did not parse as a template. The fallback parses the same text again as an
    /// ordinary call, which would try every nested <c>template(</c> again: exponential without this memo.
    /// </summary>
    private HashSet<int>? _failedTemplates;

    /// <summary>Counts one more level of nested arguments; past <see cref="MaxDepth"/> the whole parse fails.</summary>
    private void EnterArgument()
    {
        if (++_nesting > MaxDepth)
        {
            _tooDeep = true;
            throw Error($"calls nest more than {MaxDepth} deep");
        }
    }

    /// <summary>Pipes deepen the tree without recursion in the parser, so the finished tree is measured too (iteratively).</summary>
    private void CheckDepth(TargetNode root)
    {
        var pending = new Stack<(TargetNode Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            IEnumerable<TargetNode> children = node switch
            {
                CallNode call => call.Arguments.Concat(call.KeywordArguments.Select(static k => k.Value)),
                TemplateNode template => [template.Inner],
                _ => [],
            };
            foreach (var child in children)
            {
                if (depth > MaxDepth)
                {
                    throw Error($"calls nest more than {MaxDepth} deep");
                }

                pending.Push((child, depth + 1));
            }
        }
    }
}
