using Mine.Compat.Python;
using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>constantLine(value): a horizontal line over the request's range.</summary>
public sealed class ConstantLine : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "constantLine",
            FunctionGroups.Special,
            "Draws a horizontal line at the given value across the graph. Example: constantLine(123.456)",
            [new("value", ParamType.Float) { Required = true }],
            call => [Create(call.Context, call.Float("value"))]),
    ];

    /// <summary>
    /// graphite-web's line: three points at the start, the middle and the end of the range (step is half the
    /// range, truncated), named str(value), with the path expression "constantLine(value)".
    /// </summary>
    internal static TimeSeries Create(EvaluationContext context, double value)
    {
        var text = PythonFloat.Repr(value);
        var start = context.StartSeconds;
        var end = context.EndSeconds;
        var step = (long)((end - start) / 2.0);
        return new TimeSeries(text, start, end, step, [value, value, value], xFilesFactor: context.XFilesFactor ?? 0, pathExpression: $"constantLine({text})");
    }
}
