using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>seriesByTag(*tagExpressions): the stored series whose tags satisfy every expression.</summary>
/// <remarks>
/// As in graphite-web the evaluator intercepts a parsed <c>seriesByTag(...)</c> and fetches the series itself,
/// named after the call's text; this definition gives /functions its metadata and takes the same path when the
/// function is invoked by name (a callback), where the text is rebuilt from the expressions.
/// </remarks>
public sealed class SeriesByTag : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "seriesByTag",
            FunctionGroups.Special,
            "Returns the series whose tags match every expression: tag=value, tag!=value, tag=~regex (anchored at the start) "
            + "or tag!=~regex; a missing tag counts as the empty value, and at least one expression must require a non-empty one. "
            + "Example: seriesByTag('name=disk.used','dc=~la|ny','host!=web-01')",
            [new("tagExpressions", ParamType.String) { Required = true, Multiple = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var expressions = call.Values("tagExpressions");
        var text = call.Syntax.Arguments.Count > 0
            ? call.Syntax.Raw
            : $"seriesByTag({string.Join(",", expressions.Select(static e => e is string s ? PythonText.Repr(s) : FunctionCall.Describe(e)))})";
        return call.Evaluator.FetchTagged(text, expressions, call.Context);
    }
}
