namespace Mine.Query.Targets;

/// <summary>
/// The parser's bounds (<see cref="TargetLimits"/>): how long a target may be, how deep it may nest, and the memo
/// that keeps template backtracking linear.
/// </summary>
public sealed partial class TargetParser
{
    /// <summary>Deepest a target may nest calls, pipes included: <see cref="TargetLimits.MaxNesting"/>.</summary>
    public const int MaxDepth = TargetLimits.MaxNesting;

    private int _nesting;
    /// <summary>
    /// The parse failed on one of Mine's bounds, not on graphite-web's grammar (which parses such targets): no
    /// shorter prefix or other reading may stand in for it.
    /// </summary>
    private bool _overLimit;

    /// <summary>
    /// Positions where <c>template(</c> did not parse as a template. The fallback parses the same text again as an
    /// ordinary call, which would try every nested <c>template(</c> again: exponential without this memo.
    /// </summary>
    private HashSet<int>? _failedTemplates;

    private QueryArgumentException OverLimit(string reason)
    {
        _overLimit = true;
        return Error(reason);
    }

    private static void CheckLength(string target)
    {
        if (target.Length > TargetLimits.MaxLength)
        {
            throw new QueryArgumentException($"The target is {target.Length:N0} characters long; at most {TargetLimits.MaxLength:N0} are accepted (TargetLimits.MaxLength). Split it into several targets.") { Input = target[..100] };
        }
    }

    /// <summary>Counts one more level of nested arguments; past <see cref="MaxDepth"/> the whole parse fails.</summary>
    private void EnterArgument()
    {
        if (++_nesting > MaxDepth)
        {
            throw OverLimit($"calls nest more than {MaxDepth} deep (TargetLimits.MaxNesting); simplify the target");
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
                    throw OverLimit($"calls nest more than {MaxDepth} deep (TargetLimits.MaxNesting); simplify the target");
                }

                pending.Push((child, depth + 1));
            }
        }
    }
}
