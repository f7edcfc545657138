namespace Mine.Query.Functions;

/// <summary>graphite-web's parameter types (functions/params.py), named as /functions reports them.</summary>
public enum ParamType
{
    Boolean,
    Date,
    Float,
    Integer,
    Interval,
    IntOrInterval,
    IntOrInf,
    Node,
    NodeOrTag,
    Series,
    SeriesList,
    SeriesLists,
    String,
    Tag,
    Any,
    AggFunc,
    AggOrSeriesFunc,
}

/// <summary>
/// One parameter of a render function, as graphite-web's <c>Param</c> declares it: what /functions reports and
/// how arguments are checked and converted before the function runs.
/// </summary>
/// <param name="Name">The Python parameter name; keyword arguments use it.</param>
/// <param name="Type">Validation and conversion rule.</param>
public sealed record ParamSpec(string Name, ParamType Type)
{
    /// <summary>The call fails with "Missing required parameter" when it is absent.</summary>
    public bool Required { get; init; }

    /// <summary>
    /// The value the function sees when the argument is absent (Python's default): long, double, string, bool or
    /// null. Reported by /functions when not null.
    /// </summary>
    public object? Default { get; init; }

    /// <summary>Takes every remaining positional argument (Python's <c>*args</c>).</summary>
    public bool Multiple { get; init; }

    /// <summary>The only accepted values, when the set is closed.</summary>
    public IReadOnlyList<object>? Options { get; init; }

    /// <summary>Values offered to editors such as Grafana's; not enforced.</summary>
    public IReadOnlyList<object>? Suggestions { get; init; }

    /// <summary>The conventional first parameter: <c>seriesList</c>, required.</summary>
    public static ParamSpec SeriesListParam(string name = "seriesList") => new(name, ParamType.SeriesList) { Required = true };

    /// <summary><c>*seriesLists</c>: one or more series lists.</summary>
    public static ParamSpec SeriesListsParam(string name = "seriesLists") => new(name, ParamType.SeriesList) { Required = true, Multiple = true };

    /// <summary>An optional <c>xFilesFactor</c> float (null: the series' own factor).</summary>
    public static ParamSpec XFilesFactorParam() => new("xFilesFactor", ParamType.Float);

    /// <summary>The name /functions gives the type.</summary>
    public string TypeName => TypeNameOf(Type);

    /// <summary>graphite-web's spelling of a type name.</summary>
    public static string TypeNameOf(ParamType type) => type switch
    {
        ParamType.IntOrInterval => "intOrInterval",
        ParamType.IntOrInf => "intOrInf",
        ParamType.NodeOrTag => "nodeOrTag",
        ParamType.SeriesList => "seriesList",
        ParamType.SeriesLists => "seriesLists",
        ParamType.AggFunc => "aggFunc",
        ParamType.AggOrSeriesFunc => "aggOrSeriesFunc",
        _ => type.ToString().ToLowerInvariant(),
    };
}
