using System.Text;
using System.Text.RegularExpressions;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Query.Tests.Functions;

/// <summary>
/// Evaluates targets against series held in memory, for table-style tests of render functions.
/// Series are written as name → values starting at <see cref="Start"/> with step <see cref="Step"/>;
/// NaN stands for None.
/// </summary>
internal sealed class FunctionTestKit : ISeriesSource
{
    public const long Start = 1_700_000_000 - (1_700_000_000 % 3600);
    public const long Step = 60;

    private readonly List<FetchedSeries> _series = [];

    /// <summary>An empty store; add series with <see cref="Add(string, double[])"/>.</summary>
    public FunctionTestKit()
    {
    }

    public FunctionTestKit Add(string name, params double[] values) => AddAt(name, Start, Step, values);

    public FunctionTestKit AddAt(string name, long start, long step, params double[] values)
    {
        _series.Add(new FetchedSeries(name, start, start + (values.Length * step), step, values));
        return this;
    }

    /// <summary>Evaluates targets over [from, until] (default: the first series' span) with an optional request xFilesFactor.</summary>
    public List<TimeSeries> Evaluate(string target, long? from = null, long? until = null, double? xFilesFactor = null, IReadOnlyDictionary<string, string>? template = null)
        => TargetEvaluator.Default.Evaluate([target], Context(from, until, xFilesFactor, template));

    public EvaluationContext Context(long? from = null, long? until = null, double? xFilesFactor = null, IReadOnlyDictionary<string, string>? template = null)
    {
        var start = from ?? (_series.Count > 0 ? _series.Min(s => s.Start) : Start);
        var end = until ?? (_series.Count > 0 ? _series.Max(s => s.End) : Start + 3600);
        return new EvaluationContext
        {
            StartSeconds = start,
            EndSeconds = end,
            NowSeconds = end,
            Source = this,
            XFilesFactor = xFilesFactor,
            Template = template ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>
    /// Returns stored series matching the glob, cut to [start, end] like a whisper read: the first point is the
    /// first stored slot after <c>start - start % step</c>, the end is exclusive.
    /// </summary>
    public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
    {
        var pattern = GlobToRegex(pathExpression);
        return Read([.. _series.Where(s => pattern.IsMatch(s.Name.Split(';')[0]) && (!s.Name.Contains(';', StringComparison.Ordinal) || s.Name == pathExpression))], start, end, limits);
    }

    public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits)
    {
        // Equality expressions only: enough for function tests; the storage tag index has its own tests.
        var matches = _series.Where(s =>
        {
            var tags = SeriesTags.Parse(s.Name);
            return tagExpressions.All(e =>
            {
                var eq = e.IndexOf('=', StringComparison.Ordinal);
                return eq > 0 && tags.TryGetValue(e[..eq], out var v) && v == e[(eq + 1)..];
            });
        });
        return Read([.. matches], start, end, limits);
    }

    /// <summary>Values handed out by reads so far (reads refused by the request's limits hand out none).</summary>
    public long PointsRead { get; private set; }

    /// <summary>Like a store: counts what the read will return, reserves it, and only then copies the values.</summary>
    private List<FetchedSeries> Read(List<FetchedSeries> matches, long start, long end, SeriesReadLimits limits)
    {
        limits.ReserveSeries(matches.Count);
        limits.ReservePoints(matches.Sum(s => (long)CutRange(s, start, end).Count));
        var read = matches.Select(s => Cut(s, start, end)).ToList();
        PointsRead += read.Sum(s => (long)s.Values.Length);
        return read;
    }

    /// <summary>A series as the evaluator hands it to functions: "a.b" → [values], for assertions.</summary>
    public static string Describe(IEnumerable<TimeSeries> series)
        => string.Join("\n", series.Select(s => $"{s.Name} [{string.Join(", ", s.GetPoints().Select(v => double.IsNaN(v) ? "None" : PythonFloat.Repr(v)))}]"));

    private static FetchedSeries Cut(FetchedSeries s, long start, long end)
    {
        var (first, count) = CutRange(s, start, end);
        var values = count > 0 ? s.Values.AsSpan(first, count).ToArray() : [];
        return new FetchedSeries(s.Name, s.Start + (first * s.Step), s.Start + ((first + values.Length) * s.Step), s.Step, values);
    }

    private static (int First, int Count) CutRange(FetchedSeries s, long start, long end)
    {
        var from = Math.Max(s.Start, start - (start % s.Step) + s.Step);
        if (start % s.Step == 0 && start >= s.Start)
        {
            from = start;
        }

        var to = Math.Min(s.End, end);
        var first = (int)Math.Max(0, (from - s.Start) / s.Step);
        var count = (int)Math.Max(0, (to - from + s.Step - 1) / s.Step);
        return (first, Math.Max(0, Math.Min(count, s.Values.Length - first)));
    }

    private static Regex GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': regex.Append("[^.]*"); break;
                case '?': regex.Append("[^.]"); break;
                case '[':
                    var close = glob.IndexOf(']', i);
                    regex.Append(glob, i, close - i + 1);
                    i = close;
                    break;
                case '{': regex.Append("(?:"); break;
                case '}': regex.Append(')'); break;
                case ',': regex.Append('|'); break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
