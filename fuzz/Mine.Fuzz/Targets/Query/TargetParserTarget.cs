using System.Text;
using Mine.Query;
using Mine.Query.Targets;
using Mine.Fuzz.Support;

namespace Mine.Fuzz.Targets.Query;

/// <summary>
/// The <c>target</c> parameter of /render (<see cref="TargetParser"/>): the input is the target's text (UTF-8).
/// Bad syntax must be a <see cref="QueryArgumentException"/> (HTTP 400 naming the problem); nothing else may escape,
/// not even for deep nesting. <see cref="TargetParser.TryParsePrefix"/> never throws and finds an expression
/// wherever the whole text parses. No tree nests deeper than <see cref="TargetParser.MaxDepth"/> (deeper ones would
/// overflow the evaluator's stack), and no text makes the parser backtrack without bound (a hang).
/// </summary>
public sealed class TargetParserTarget : FuzzTarget
{
    public override string Name => "target";

    public override string Description => "render target text -> TargetParser.Parse / TryParsePrefix";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        TargetNode? parsed = null;
        try
        {
            parsed = TargetParser.Parse(text);
        }
        catch (QueryArgumentException error)
        {
            Invariant.Check(!string.IsNullOrEmpty(error.Message), "a syntax error without a message");
        }

        Invariant.Check(parsed is null || Depth(parsed) <= TargetParser.MaxDepth + 1, $"parsed a target nesting deeper than {TargetParser.MaxDepth}");
        var prefix = TargetParser.TryParsePrefix(text);
        Invariant.Check(prefix is null || Depth(prefix) <= TargetParser.MaxDepth + 1, $"TryParsePrefix returned a target nesting deeper than {TargetParser.MaxDepth}");
        Invariant.Check(parsed is null || prefix is not null, "the whole text parses but TryParsePrefix found nothing");
        Invariant.Check(parsed is null || prefix == parsed || Same(parsed, prefix!), "TryParsePrefix parsed a whole target differently");
    }

    /// <summary>Nodes on the longest path from the root (iterative: the tree may be deep when the parser is wrong).</summary>
    private static int Depth(TargetNode root)
    {
        var deepest = 0;
        var pending = new Stack<(TargetNode Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            IEnumerable<TargetNode> children = node switch
            {
                CallNode call => call.Arguments.Concat(call.KeywordArguments.Select(static k => k.Value)),
                TemplateNode template => [template.Inner, .. template.Arguments],
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push((child, depth + 1));
            }
        }

        return deepest;
    }

    /// <summary>Records compare their lists by reference; compare the printed trees instead.</summary>
    private static bool Same(TargetNode a, TargetNode b) => Print(a) == Print(b);

    private static string Print(TargetNode node) => node switch
    {
        CallNode call => $"{call.Name}({string.Join(",", call.Arguments.Select(Print))};{string.Join(",", call.KeywordArguments.Select(k => k.Name + "=" + Print(k.Value)))})",
        TemplateNode template => $"template({Print(template.Inner)},{string.Join(",", template.Arguments.Select(Print))};{string.Join(",", template.KeywordArguments.Select(k => k.Name + "=" + Print(k.Value)))})",
        _ => node.ToString(),
    };
}
