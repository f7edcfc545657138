using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Core.Text;
using Mine.Query.Functions;
using Mine.Query.Series;
using Mine.Query.Targets;

namespace Mine.Query.Evaluation;

/// <summary>
/// graphite-web's render/evaluator.py: evaluates parsed targets into series lists. Arguments are evaluated
/// first (paths fetched, literals converted), bound to the function's parameters, then the function runs.
/// </summary>
public sealed partial class TargetEvaluator
{
    public TargetEvaluator(FunctionRegistry registry) => Registry = registry;

    /// <summary>An evaluator over every built-in function.</summary>
    public static TargetEvaluator Default { get; } = new(FunctionRegistry.Default);

    public FunctionRegistry Registry { get; }

    /// <summary>evaluateTarget over every <c>target</c> of a request, in order; blank targets are skipped.</summary>
    public List<TimeSeries> Evaluate(IEnumerable<string> targets, EvaluationContext context)
    {
        var result = new List<TimeSeries>();
        foreach (var target in targets)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                continue;
            }

            result.AddRange(EvaluateTarget(target, context));
        }

        return result;
    }

    /// <summary>Parses and evaluates one target.</summary>
    public List<TimeSeries> EvaluateTarget(string target, EvaluationContext context)
        => EvaluateSeries(TargetParser.ParseRenderTarget(target), context);

    /// <summary>Evaluates a node that must produce series (a target, or an argument evaluated again).</summary>
    public List<TimeSeries> EvaluateSeries(TargetNode node, EvaluationContext context)
        => Evaluate(node, context, replacements: null) switch
        {
            List<TimeSeries> list => list,
            null => [],
            var other => throw new QueryArgumentException($"The target evaluates to {FunctionCall.Describe(other)}, not to series"),
        };

    /// <summary>Runs a function by name on evaluated arguments (callbacks of mapSeries, groupByNode...).</summary>
    public List<TimeSeries> InvokeFunction(string name, EvaluationContext context, IReadOnlyList<object?> arguments)
    {
        if (!Registry.TryGet(name, out var definition))
        {
            throw new QueryArgumentException($"Received request for unknown function: {name}");
        }

        var syntax = new CallNode(name, [], [], name + "()");
        Enter();
        try
        {
            return Invoke(definition, name, syntax, context, arguments, new TargetNode?[arguments.Count], []);
        }
        finally
        {
            t_nesting--;
        }
    }

    private object? Evaluate(TargetNode node, EvaluationContext context, Dictionary<string, object>? replacements)
    {
        switch (node)
        {
            case TemplateNode template:
                return Evaluate(template.Inner, context, TemplateReplacements(template, context));
            case PathNode path:
                return EvaluatePath(path.Path, context, replacements);
            case CallNode call:
                return EvaluateCall(call, context, replacements);
            case NumberNode number:
                // Boxed separately: a plain conditional would give both arms the type double.
                return number.IsInteger ? (object)(long)number.Value : number.Value;
            case StringNode text:
                return text.Value;
            case BooleanNode boolean:
                return boolean.Value;
            case NoneNode:
                return null;
            default:
                throw new QueryArgumentException("unknown token in target evaluator");
        }
    }

    /// <summary>
    /// Calls being evaluated on this thread, one inside the other. The parser bounds one target's nesting, but
    /// functions evaluate targets they build at run time (aliasQuery, applyByNode) or call back into the evaluator
    /// (mapSeries, groupByNode), so the evaluator bounds its own recursion too. Per thread, because that is what
    /// the stack is: a parallel loop's workers start with stacks of their own.
    /// </summary>
    [ThreadStatic]
    private static int t_nesting;

    /// <summary>How many calls deep evaluation may go on one thread, across targets built at run time.</summary>
    public const int MaxNesting = 2 * TargetLimits.MaxNesting;

    private object? EvaluateCall(CallNode call, EvaluationContext context, Dictionary<string, object>? replacements)
    {
        Enter();
        try
        {
            return EvaluateCallBody(call, context, replacements);
        }
        finally
        {
            t_nesting--;
        }
    }

    private static void Enter()
    {
        if (++t_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            t_nesting--;
            throw new QueryArgumentException($"The target nests calls more than {MaxNesting} levels deep once evaluated (TargetEvaluator.MaxNesting), counting targets that functions build; simplify it.");
        }
    }

    private object? EvaluateCallBody(CallNode call, EvaluationContext context, Dictionary<string, object>? replacements)
    {
        context.CheckBudget();
        if (call.Name == "template")
        {
            throw new QueryArgumentException("invalid template() syntax, only string/numeric arguments are allowed");
        }

        var positional = new object?[call.Arguments.Count];
        for (var i = 0; i < positional.Length; i++)
        {
            positional[i] = Evaluate(call.Arguments[i], context, replacements);
        }

        if (call.Name == "seriesByTag")
        {
            return FetchTagged(call.Raw, positional, context);
        }

        if (!Registry.TryGet(call.Name, out var definition))
        {
            throw new QueryArgumentException($"Received request for unknown function: {call.Name}");
        }

        var keywords = new List<KeyValuePair<string, object?>>(call.KeywordArguments.Count);
        foreach (var keyword in call.KeywordArguments)
        {
            keywords.Add(new(keyword.Name, Evaluate(keyword.Value, context, replacements)));
        }

        return Invoke(definition, call.Name, call, context, positional, [.. call.Arguments], keywords, call.KeywordArguments);
    }

    private List<TimeSeries> Invoke(
        FunctionDefinition definition,
        string calledName,
        CallNode syntax,
        EvaluationContext context,
        IReadOnlyList<object?> positional,
        TargetNode?[] positionalNodes,
        List<KeyValuePair<string, object?>> keywords,
        IReadOnlyList<KeywordArgument>? keywordNodes = null)
    {
        var (values, given) = ArgumentBinder.Bind(definition, calledName, positional, keywords, Registry, out var positionalIndex);
        var nodes = new TargetNode?[definition.Parameters.Count];
        for (var i = 0; i < positionalNodes.Length && i < positionalIndex.Length; i++)
        {
            nodes[positionalIndex[i]] ??= positionalNodes[i];
        }

        foreach (var keyword in keywordNodes ?? [])
        {
            nodes[definition.IndexOf(keyword.Name)] = keyword.Value;
        }

        var call = new FunctionCall(definition, calledName, syntax, context, this, values, nodes, given);
        List<TimeSeries> result;
        try
        {
            result = definition.Invoke(call);
        }
        catch (PythonArgumentException error)
        {
            // What Python refused in a function (a pattern, a replacement) is a bad argument of the request.
            throw new QueryArgumentException(error.Message, error);
        }

        context.CheckResultSize(result, calledName);
        return result;
    }

    /// <summary>
    /// A path: template replacements first (a path that is exactly <c>$name</c> becomes the value itself, a
    /// number when it looks like one), then the fetch.
    /// </summary>
    private object? EvaluatePath(string expression, EvaluationContext context, Dictionary<string, object>? replacements)
    {
        if (replacements is not null)
        {
            foreach (var (name, value) in replacements)
            {
                if (expression == "$" + name)
                {
                    if (value is not string text)
                    {
                        return value;
                    }

                    return NumericText().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? number
                        : text;
                }

                expression = expression.Replace("$" + name, PythonStr(value), StringComparison.Ordinal);
            }
        }

        return ReadPath(expression, context);
    }

    /// <summary>
    /// The series a path glob matches, read as a path in a target is (sorted by name, counted against the context's
    /// limits): for callers that pick the series themselves instead of writing a target (the landmine detection).
    /// </summary>
    public static List<TimeSeries> ReadPath(string pathExpression, EvaluationContext context)
        => Fetch(pathExpression, context, static (source, expr, c, limits) => source.FetchPath(expr, c.StartSeconds, c.EndSeconds, c.NowSeconds, limits));

    /// <summary>
    /// seriesByTag: the series selected by tag expressions, fetched once per request and named after
    /// <paramref name="pathExpression"/> (the call's text). The evaluator intercepts seriesByTag calls as
    /// graphite-web's does; the registered function definition comes here too.
    /// </summary>
    internal List<TimeSeries> FetchTagged(string pathExpression, IReadOnlyList<object?> arguments, EvaluationContext context)
    {
        var expressions = new List<string>(arguments.Count);
        foreach (var argument in arguments)
        {
            expressions.Add(argument as string ?? throw new QueryArgumentException($"seriesByTag(): every argument must be a quoted tag expression such as 'name=cpu.load', not {FunctionCall.Describe(argument)}"));
        }

        if (expressions.Count == 0)
        {
            throw new QueryArgumentException("seriesByTag(): at least one tag expression is required");
        }

        return Fetch(pathExpression, context, (source, _, c, limits) => source.FetchTagged(expressions, c.StartSeconds, c.EndSeconds, c.NowSeconds, limits));
    }

    /// <summary>
    /// Reads the series of a path or tag query, sorted by name, as new TimeSeries that own the arrays the source
    /// returned (graphite-web builds fresh TimeSeries from its prefetch cache on every use; reading again gives
    /// every use its own arrays without copying the first). The source reserves what it reads against the request's
    /// limits (<see cref="SeriesReadLimits"/>); a source that returns more than it reserved is a bug.
    /// </summary>
    private static List<TimeSeries> Fetch(string expression, EvaluationContext context, Func<ISeriesSource, string, EvaluationContext, SeriesReadLimits, IReadOnlyList<FetchedSeries>> read)
    {
        context.CheckBudget();
        var limits = context.ReadLimits(expression);
        var found = read(context.Source, expression, context, limits);
        long points = 0;
        foreach (var series in found)
        {
            points += series.Values.Length;
        }

        if (points > limits.Reserved)
        {
            // A programming error in the source, not the user's: its reads would escape the request's limits.
            throw new InvalidOperationException($"{context.Source.GetType().Name} returned {points} values for {expression} but reserved only {limits.Reserved} (see ISeriesSource)");
        }

        if (found.Count > limits.ReservedSeries)
        {
            throw new InvalidOperationException($"{context.Source.GetType().Name} returned {found.Count} series for {expression} but reserved only {limits.ReservedSeries} (see ISeriesSource)");
        }

        var sorted = found.ToArray();
        if (!InNameOrder(sorted))
        {
            Array.Sort(sorted, static (a, b) => CodePointComparer.Instance.Compare(a.Name, b.Name));
        }

        var result = new List<TimeSeries>(sorted.Length);
        foreach (var series in sorted)
        {
            result.Add(TimeSeries.Adopt(series, expression, context.XFilesFactor));
        }

        return result;
    }

    /// <summary>Whether the series are already sorted by name, as a store's glob walk usually returns them.</summary>
    private static bool InNameOrder(FetchedSeries[] series)
    {
        for (var i = 1; i < series.Length; i++)
        {
            if (CodePointComparer.Instance.Compare(series[i - 1].Name, series[i].Name) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>template(): keyword args, then positional ones named "1", "2"..., then the request's template[name]= values.</summary>
    private static Dictionary<string, object> TemplateReplacements(TemplateNode template, EvaluationContext context)
    {
        var replacements = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var keyword in template.KeywordArguments)
        {
            replacements[keyword.Name] = LiteralValue(keyword.Value);
        }

        for (var i = 0; i < template.Arguments.Count; i++)
        {
            replacements[(i + 1).ToString(CultureInfo.InvariantCulture)] = LiteralValue(template.Arguments[i]);
        }

        foreach (var (name, value) in context.Template)
        {
            replacements[name] = value;
        }

        return replacements;
    }

    private static object LiteralValue(TargetNode node) => node switch
    {
        NumberNode { IsInteger: true } n => (long)n.Value,
        NumberNode n => n.Value,
        StringNode s => s.Value,
        _ => throw new QueryArgumentException("template() arguments must be numbers or strings"),
    };

    /// <summary>Python's str() of a template value.</summary>
    private static string PythonStr(object value) => value switch
    {
        double d => PythonFloat.Repr(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    [GeneratedRegex(@"^-?[\d.]+$", RegexOptions.None, RegexLimits.MatchMilliseconds)]
    private static partial Regex NumericText();
}
