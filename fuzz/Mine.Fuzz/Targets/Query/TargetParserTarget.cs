using System.Text;
using Mine.Query;
using Mine.Query.Targets;
using Mine.Fuzz.Support;

namespace Mine.Fuzz.Targets.Query;

/// <summary>
/// The <c>target</c> parameter of /render (<see cref="TargetParser"/>): the input is the target's text (UTF-8).
/// Bad syntax must be a <see cref="QueryArgumentException"/> (HTTP 400 naming the problem); nothing else may escape,
/// not even for deep nesting. <see cref="TargetParser.TryParsePrefix"/> never throws and finds an expression
/// wherever the whole text parses.
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

        var prefix = TargetParser.TryParsePrefix(text);
        Invariant.Check(parsed is null || prefix is not null, "the whole text parses but TryParsePrefix found nothing");
        Invariant.Check(parsed is null || prefix == parsed || Same(parsed, prefix!), "TryParsePrefix parsed a whole target differently");
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
