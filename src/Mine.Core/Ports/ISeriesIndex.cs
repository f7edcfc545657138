using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>
/// The names of stored series: Graphite globs over the dot-separated tree (tagged series <c>path;tag=value</c>
/// stay out of the tree, as in graphite-web), exact lookups and the full list. Safe for concurrent readers and for
/// lookups while writes add names; a name appears once a write that created it returned.
/// </summary>
public interface ISeriesIndex
{
    /// <summary>
    /// Branches and leaves matching a Graphite glob (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[!a]</c>, <c>{a,b}</c>,
    /// nested or spanning dots; <c>*</c> never crosses a dot), in ordinal path order, a branch before a leaf of the
    /// same path (a path can be both). A glob holding ';' is an exact tagged-series lookup. At most
    /// <paramref name="limit"/> nodes: to refuse a query matching more than N, pass N + 1 and treat N + 1 results
    /// as "too many" (they are then an arbitrary subset).
    /// </summary>
    /// <exception cref="Errors.MineUserException">A glob the store will not expand (braces multiplying beyond its bound).</exception>
    IReadOnlyList<MetricNode> Find(string glob, int limit = int.MaxValue);

    /// <summary>
    /// <see cref="Find"/> folded by last name (what treejson shows): a store that can, folds while it walks, so the
    /// answer costs the distinct names rather than every match. The limit counts matches, as for <see cref="Find"/>:
    /// more than N when <see cref="FoldedFind.Matched"/> is N + 1.
    /// </summary>
    /// <exception cref="Errors.MineUserException">As for <see cref="Find"/>.</exception>
    FoldedFind FindFolded(string glob, int limit = int.MaxValue) => FoldedFind.Of(Find(glob, limit));

    /// <summary>
    /// The leaves (series) of <see cref="Find"/>, with handles to read them by: same glob syntax and order; the
    /// limit counts leaves only.
    /// </summary>
    /// <exception cref="Errors.MineUserException">As for <see cref="Find"/>.</exception>
    IReadOnlyList<SeriesHandle> FindSeries(string glob, int limit = int.MaxValue);

    /// <summary>
    /// How far back a stored series keeps points (the retention of its longest archive), or null for a name the
    /// store does not hold: a leaf's interval in /metrics/find, as graphite-web's whisper reader reports it.
    /// </summary>
    long? MaxRetentionSeconds(string name);

    /// <summary>Every stored series name, tagged or not, each once, in no particular order (for /metrics/index.json).</summary>
    IEnumerable<string> AllNames();
}
