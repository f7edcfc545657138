using Mine.Compat.Python;
using Mine.Query.Evaluation;
using Mine.Query.Series;
using Mine.Query.Targets;

namespace Mine.Query.Functions;

/// <summary>
/// One invocation of a render function: the bound and validated arguments (by parameter name), the request
/// context, and the syntax of each argument so functions such as timeShift or movingAverage can evaluate an
/// argument again over another time range.
/// </summary>
public sealed partial class FunctionCall
{
    private readonly object?[] _values;
    private readonly TargetNode?[] _nodes;
    private readonly bool[] _given;

    internal FunctionCall(FunctionDefinition function, string calledName, CallNode syntax, EvaluationContext context, TargetEvaluator evaluator, object?[] values, TargetNode?[] nodes, bool[] given)
    {
        Function = function;
        CalledName = calledName;
        Syntax = syntax;
        Context = context;
        Evaluator = evaluator;
        _values = values;
        _nodes = nodes;
        _given = given;
    }

    public FunctionDefinition Function { get; }

    /// <summary>The name used in the target (an alias such as <c>sum</c>, or the primary name).</summary>
    public string CalledName { get; }

    public CallNode Syntax { get; }

    public EvaluationContext Context { get; }

    public TargetEvaluator Evaluator { get; }

    /// <summary>Whether the caller gave this argument (rather than it taking its default).</summary>
    public bool IsGiven(string parameter) => _given[Function.IndexOf(parameter)];

    /// <summary>The bound value: List&lt;TimeSeries&gt;, long, double, string, bool or null.</summary>
    public object? Value(string parameter) => _values[Function.IndexOf(parameter)];

    /// <summary>A required series list.</summary>
    public List<TimeSeries> SeriesList(string parameter = "seriesList")
        => Value(parameter) as List<TimeSeries> ?? throw Error($"parameter \"{parameter}\" needs a series list");

    /// <summary>An optional series list (null when absent).</summary>
    public List<TimeSeries>? SeriesListOrNull(string parameter) => Value(parameter) as List<TimeSeries>;

    /// <summary>All values of a <c>multiple</c> parameter.</summary>
    public IReadOnlyList<object?> Values(string parameter) => Value(parameter) as IReadOnlyList<object?> ?? [];

    /// <summary>All series lists of a <c>multiple</c> series-list parameter (<c>*seriesLists</c>).</summary>
    public List<List<TimeSeries>> SeriesLists(string parameter = "seriesLists")
        => [.. Values(parameter).Select(v => v as List<TimeSeries> ?? throw Error($"parameter \"{parameter}\" needs series lists"))];

    public double Float(string parameter) => FloatOrNull(parameter) ?? throw Error($"parameter \"{parameter}\" needs a number");

    public double? FloatOrNull(string parameter) => Value(parameter) switch
    {
        null => null,
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        var other => throw Error($"parameter \"{parameter}\" needs a number, not {Describe(other)}"),
    };

    public long Integer(string parameter) => IntegerOrNull(parameter) ?? throw Error($"parameter \"{parameter}\" needs a whole number");

    public long? IntegerOrNull(string parameter) => Value(parameter) switch
    {
        null => null,
        long l => l,
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        var other => throw Error($"parameter \"{parameter}\" needs a whole number, not {Describe(other)}"),
    };

    public string String(string parameter) => StringOrNull(parameter) ?? throw Error($"parameter \"{parameter}\" needs a string");

    public string? StringOrNull(string parameter) => Value(parameter) switch
    {
        null => null,
        string s => s,
        var other => throw Error($"parameter \"{parameter}\" needs a string, not {Describe(other)}"),
    };

    public bool Boolean(string parameter) => Value(parameter) switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<TimeSeries> list => list.Count > 0,
        _ => true,
    };

    /// <summary>
    /// Evaluates the argument bound to <paramref name="parameter"/> again in <paramref name="context"/> (another
    /// time range), as graphite-web's functions do with <c>evaluateTarget(myContext, requestContext['args'][0])</c>:
    /// without the pipes the first evaluation consumed (<see cref="ConsumedPipes"/>).
    /// </summary>
    public List<TimeSeries> Reevaluate(string parameter, EvaluationContext context)
    {
        var node = _nodes[Function.IndexOf(parameter)] ?? throw Error($"parameter \"{parameter}\" was not given as an expression");
        return Evaluator.EvaluateSeries(ConsumedPipes.Strip(node), context);
    }

    /// <summary>Evaluates a target text (aliasQuery, applyByNode build targets at run time).</summary>
    public List<TimeSeries> EvaluateTarget(string target, EvaluationContext? context = null)
        => Evaluator.EvaluateTarget(target, context ?? Context);

    /// <summary>Runs another render function by name on already evaluated arguments (mapSeries, groupByNode callbacks).</summary>
    public List<TimeSeries> Invoke(string functionName, params object?[] arguments)
        => Evaluator.InvokeFunction(functionName, Context, arguments);

    /// <summary>
    /// A zeroed array of <paramref name="length"/> values for this call's result or scratch work, reserved against
    /// the request's point limit and memory budget before it is allocated (and the time limit checked). Every
    /// array of values a function makes comes from here, so no argument, window or range can make a function
    /// allocate what the request cannot afford.
    /// </summary>
    /// <exception cref="QueryArgumentException">A limit would be passed; the message names it.</exception>
    public double[] NewValues(long length) => Context.NewValues(length, CalledName);

    /// <summary>
    /// Reserves <paramref name="count"/> values before a function builds them some other way (a list grown point by
    /// point), as <see cref="NewValues"/> does.
    /// </summary>
    public void ReserveValues(long count) => Context.ReserveValues(count, CalledName);

    /// <summary>Stops a long loop when the request ran out of time or its client went away (cheap: a clock read).</summary>
    public void CheckTime() => Context.CheckBudget();

    /// <summary>An error about this call, answered with HTTP 400.</summary>
    public QueryArgumentException Error(string message) => new($"{CalledName}(): {message}");

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        List<TimeSeries> => "a series list",
        string s => $"the string {PythonText.Repr(s)}",
        double d => $"the number {PythonFloat.Repr(d)}",
        long l => $"the number {l}",
        bool b => b ? "True" : "False",
        _ => value.GetType().Name,
    };
}
