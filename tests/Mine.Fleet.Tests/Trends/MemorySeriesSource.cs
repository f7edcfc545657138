using System.Text;
using System.Text.RegularExpressions;
using Mine.Core.Series;
using Mine.Query.Evaluation;

namespace Mine.Fleet.Tests.Trends;

/// <summary>Series held in memory, found by path globs (<c>*</c>, <c>?</c>, <c>{a,b}</c>, <c>[..]</c> within a
/// node) and cut to the range asked, for detector tests without storage.</summary>
internal sealed class MemorySeriesSource : ISeriesSource
{
    private readonly List<FetchedSeries> _series = [];

    public int Count => _series.Count;

    public void Add(string name, long start, long step, double[] values) => _series.Add(new FetchedSeries(name, start, start + (values.Length * step), step, values));

    public IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits)
    {
        var pattern = new Regex(GlobToRegex(pathExpression), RegexOptions.CultureInvariant);
        var found = new List<FetchedSeries>();
        foreach (var series in _series.Where(s => pattern.IsMatch(s.Name)))
        {
            var first = (int)Math.Clamp((start - series.Start + series.Step - 1) / series.Step, 0, series.Values.Length);
            var last = (int)Math.Clamp((end - series.Start) / series.Step, first, series.Values.Length);
            found.Add(new FetchedSeries(series.Name, series.Start + (first * series.Step), series.Start + (last * series.Step), series.Step, series.Values[first..last]));
        }

        limits.ReserveSeries(found.Count);
        limits.ReservePoints(found.Sum(static s => (long)s.Values.Length));
        return found;
    }

    public IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits) => [];

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        var inBraces = false;
        foreach (var c in glob)
        {
            inBraces = c == '{' || (inBraces && c != '}');
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
        }

        return regex.Append('$').ToString();
    }
}
