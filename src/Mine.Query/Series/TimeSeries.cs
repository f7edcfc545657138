using Mine.Core.Series;
using Mine.Query.Render;

namespace Mine.Query.Series;

/// <summary>
/// The query-side series, mutable like graphite-web's render/datalib.py <c>TimeSeries</c> (a Python list with
/// attributes): value i belongs to <c>Start + i * Step</c>, NaN is None. Render functions and the maxDataPoints
/// consolidation change it in place.
/// </summary>
public sealed class TimeSeries
{
    private readonly string _tagSource;
    private OrderedDictionary<string, string>? _tags;
    private Dictionary<string, object>? _options;

    /// <summary>graphite-web's DEFAULT_CONSOLIDATION.</summary>
    public const string DefaultConsolidationFunc = "average";

    /// <param name="name">The series name (target text or metric path).</param>
    /// <param name="start">Timestamp of the first value.</param>
    /// <param name="end">End of the series (graphite-web keeps whatever the reader said; exclusive in whisper).</param>
    /// <param name="step">Seconds between values.</param>
    /// <param name="values">The values, NaN for None; owned by the series from now on.</param>
    /// <param name="consolidationFunc">How points merge when <see cref="ValuesPerPoint"/> &gt; 1.</param>
    /// <param name="tags">Tags; null parses them from <paramref name="name"/> as graphite-web does.</param>
    /// <param name="xFilesFactor">Share of non-null values a consolidated point needs (graphite-web's default 0).</param>
    /// <param name="pathExpression">The expression that produced the series; defaults to the name.</param>
    public TimeSeries(
        string name,
        long start,
        long end,
        long step,
        double[] values,
        string consolidationFunc = DefaultConsolidationFunc,
        OrderedDictionary<string, string>? tags = null,
        double xFilesFactor = 0,
        string? pathExpression = null)
    {
        Name = name;
        Start = start;
        End = end;
        Step = step;
        Values = values;
        ConsolidationFunc = consolidationFunc;
        _tags = tags;
        _tagSource = name;
        XFilesFactor = xFilesFactor;
        PathExpression = pathExpression ?? name;
    }

    /// <summary>
    /// What datalib.py <c>_merge_results</c> builds from a storage read. Like graphite-web 1.1.8 it consolidates
    /// with "average" and the request's xFilesFactor, not the storage schema's aggregation method or xFilesFactor
    /// (<see cref="FetchedSeries.ConsolidationFunction"/>, <see cref="FetchedSeries.XFilesFactor"/>).
    /// The values are copied so functions can change them without touching storage caches.
    /// </summary>
    /// <param name="fetched">The storage read.</param>
    /// <param name="pathExpression">The pattern that matched it (graphite-web's "hack to pass expressions through").</param>
    /// <param name="requestXFilesFactor">The request's xFilesFactor parameter, if any (default 0).</param>
    public TimeSeries(FetchedSeries fetched, string? pathExpression = null, double? requestXFilesFactor = null)
        : this(
            fetched.Name,
            fetched.Start,
            fetched.End,
            fetched.Step,
            (double[])fetched.Values.Clone(),
            xFilesFactor: requestXFilesFactor ?? 0,
            pathExpression: pathExpression)
    {
    }

    /// <summary>
    /// Like the <see cref="FetchedSeries"/> constructor, but the series takes the read's value array instead of
    /// a copy: for reads whose arrays belong to the caller (every storage read allocates its own).
    /// </summary>
    public static TimeSeries Adopt(FetchedSeries fetched, string? pathExpression = null, double? requestXFilesFactor = null)
        => new(fetched.Name, fetched.Start, fetched.End, fetched.Step, fetched.Values, xFilesFactor: requestXFilesFactor ?? 0, pathExpression: pathExpression);

    public string Name { get; set; }

    public long Start { get; set; }

    public long End { get; set; }

    public long Step { get; set; }

    /// <summary>The raw values (NaN = None), before any <see cref="ValuesPerPoint"/> consolidation.</summary>
    public double[] Values { get; set; }

    /// <summary>
    /// The tags; when none were given they are parsed from the name the series was created with (not its
    /// current name), on first use: most series of a wide query are never asked for their tags.
    /// </summary>
    public OrderedDictionary<string, string> Tags
    {
        get => _tags ??= SeriesTags.Parse(_tagSource);
        set => _tags = value;
    }

    /// <summary>
    /// Whether the tags are still the ones a plain metric path parses to, <c>{"name": path}</c>, without building
    /// them: wide aggregations compare thousands of such tag sets.
    /// </summary>
    internal bool HasOnlyPathTag(out string path)
    {
        path = _tagSource;
        return _tags is null && SeriesTags.IsPlainPath(_tagSource);
    }

    public string PathExpression { get; set; }

    /// <summary>sum, average (avg), avg_zero, max, min, first or last.</summary>
    public string ConsolidationFunc { get; set; }

    /// <summary>How many raw values make one output point; 1 (or less) means none are merged.</summary>
    public int ValuesPerPoint { get; set; } = 1;

    public double XFilesFactor { get; set; }

    /// <summary>
    /// Drawing options set by the Graph functions (color, dashed, stacked, secondYAxis, ...), graphite-web's
    /// <c>series.options</c> and <c>series.color</c>.
    /// </summary>
    public Dictionary<string, object> Options => _options ??= new(StringComparer.Ordinal);

    /// <summary>
    /// graphite-web's <c>TimeSeries.copy</c>: a new series with the given fields replaced. Like graphite-web it
    /// does not carry <see cref="Options"/>, <see cref="ValuesPerPoint"/> or the path expression over (the new
    /// series' path expression is its name); values are cloned when not given, tags copied.
    /// </summary>
    public TimeSeries Copy(
        string? name = null,
        long? start = null,
        long? end = null,
        long? step = null,
        double[]? values = null,
        string? consolidate = null,
        OrderedDictionary<string, string>? tags = null,
        double? xFilesFactor = null)
        => new(
            name ?? Name,
            start ?? Start,
            end ?? End,
            step ?? Step,
            values ?? (double[])Values.Clone(),
            consolidate ?? ConsolidationFunc,
            tags ?? new OrderedDictionary<string, string>(Tags, StringComparer.Ordinal),
            xFilesFactor ?? XFilesFactor);

    /// <summary>TimeSeries.consolidate: only records the factor; iteration applies it.</summary>
    public void Consolidate(int valuesPerPoint) => ValuesPerPoint = valuesPerPoint;

    /// <summary>
    /// What iterating the graphite-web series yields: the raw values, or when <see cref="ValuesPerPoint"/> &gt; 1
    /// the consolidated points (see <see cref="SeriesConsolidation"/>).
    /// </summary>
    public double[] GetPoints()
        => ValuesPerPoint > 1
            ? SeriesConsolidation.Consolidate(Values, ValuesPerPoint, ConsolidationFunc, XFilesFactor)
            : Values;

    public override string ToString()
        => $"TimeSeries(name={Name}, start={Start}, end={End}, step={Step}, valuesPerPoint={ValuesPerPoint}, consolidationFunc={ConsolidationFunc}, xFilesFactor={XFilesFactor})";
}
