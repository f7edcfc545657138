namespace Mine.Query.Targets;

/// <summary>
/// What graphite-web 1.1.8 evaluates when a function evaluates its first argument again (movingAverage and the
/// other moving windows fetching their bootstrap, timeShift, timeStack, summarize, hitcount, linearRegression,
/// holtWinters*): the argument's parse tree as the first evaluation left it, which has lost its pipes.
/// </summary>
/// <remarks>
/// render/evaluator.py runs <c>a|f()|g()</c> by popping the right-most piped call off the parse results
/// (<c>pipedCalls.pop()</c>) and passing the rest as the call's first argument; the pops are never undone. By the
/// time a function runs, every pipe inside its arguments has been popped, and for a piped call the first argument
/// is the whole expression before it, now reduced to the part before its first <c>|</c>. So
/// <c>x.*|averageSeries()|movingAverage(6)</c> re-reads <c>x.*</c> and answers one moving average per member
/// of <c>x.*</c>, and <c>movingAverage(averageSeries(x.*|scale(2)), 6)</c> re-reads <c>averageSeries(x.*)</c>.
/// Mine reproduces that: these are graphite-web's answers that Grafana users see.
/// </remarks>
public static class ConsumedPipes
{
    /// <summary><paramref name="node"/> with every piped call replaced by the expression it was piped from.</summary>
    public static TargetNode Strip(TargetNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case CallNode { Piped: true } piped:
                return Strip(piped.Arguments[0]);
            case CallNode call:
                return call with
                {
                    Arguments = [.. call.Arguments.Select(Strip)],
                    KeywordArguments = [.. call.KeywordArguments.Select(k => k with { Value = Strip(k.Value) })],
                };
            case TemplateNode template:
                return template with { Inner = Strip(template.Inner) };
            default:
                return node;
        }
    }
}
