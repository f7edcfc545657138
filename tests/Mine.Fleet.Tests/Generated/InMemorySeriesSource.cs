using System.Text;
using System.Text.RegularExpressions;
using Mine.Core.Series;
using Mine.Query.Evaluation;

namespace Mine.Fleet.Tests.Generated;

/// <summary>Series held in memory at one step, read like a store: names matched by a Graphite glob, points cut to
/// [start, end]. Counts the points it hands out, so a test can say what a run reads.</summary>
internal sealed class InMemorySeriesSource : ISeriesSource
{
    private readonly List<(string Name, long Start, long Step, double[] Values)> _series = [];

    public long PointsRead { get; private set; }

    /// <summary>How many series it holds.</summary>
    public int Count => _series.Count;

    /// <summary>Points before this are not there yet (a backfill still being written); 0: every point is.</summary>
    public long WrittenFrom { get; set; }

    public void Add(string name, long start, long step, double[] values) => _series.Add((name, start, step, values));

    public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
    {
        var pattern = GlobToRegex(pathExpression);
        var result = new List<FetchedSeries>();
        foreach (var (name, first, step, values) in _series.Where(s => pattern.IsMatch(s.Name)))
        {
            var from = (int)Math.Clamp((Math.Max(start, WrittenFrom) - first + step - 1) / step, 0, values.Length);
            var to = (int)Math.Clamp(((end - first) / step) + 1, from, values.Length);
            result.Add(new FetchedSeries(name, first + (from * step), first + (to * step), step, values[from..to]));
        }

        limits.ReserveSeries(result.Count);
        limits.ReservePoints(result.Sum(static s => (long)s.Values.Length));
        PointsRead += result.Sum(static s => (long)s.Values.Length);
        return result;
    }

    public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];

    /// <summary><c>*</c>, <c>?</c>, <c>{a,b}</c> and <c>[…]</c> within one node.</summary>
    private static Regex GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        var inBraces = false;
        foreach (var c in glob)
        {
            regex.Append(c switch
            {
                '*' => "[^.]*",
                '?' => "[^.]",
                '{' => "(?:",
                '}' => ")",
                ',' when inBraces => "|",
                '[' or ']' => c.ToString(),
                _ => Regex.Escape(c.ToString()),
            });
            inBraces = c == '{' || (inBraces && c != '}');
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
