using Mine.Core.Series;

namespace Mine.Core.Ports;

/// <summary>
/// Tagged series (<c>disk.used;datacenter=dc1;server=web-01</c>) as graphite-web 1.1.8's default tag database
/// (LocalDatabaseTagDB) answers for them: seriesByTag, tag and value listings, auto-completion. Tags come from the
/// stored names (the path counts as the tag <c>name</c>); a tagged series is listed once a write created it.
/// Orders are by code point. Safe for concurrent callers.
/// </summary>
public interface ITagDatabase
{
    /// <summary>
    /// The tagged series satisfying every expression, sorted by name, at most <paramref name="limit"/>:
    /// <c>tag=value</c>, <c>tag!=value</c>, <c>tag=~regex</c> (anchored at the value's start), <c>tag!=~regex</c>;
    /// a missing tag reads as the empty value, so at least one expression must reject the empty value.
    /// </summary>
    /// <param name="expressions">The expressions; a series must satisfy all.</param>
    /// <param name="limit">Most series returned (pass N + 1 to detect more than N).</param>
    /// <param name="cancellationToken">A request's deadline; long scans stop when it fires.</param>
    /// <exception cref="Errors.MineUserException">No expression, a malformed one or an invalid regex, or every
    /// expression accepting the empty value.</exception>
    IReadOnlyList<SeriesHandle> FindTaggedSeries(IReadOnlyList<string> expressions, int limit = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>list_tags</c>: tags whose name matches the regex <paramref name="filter"/> (anchored at the start; null or
    /// empty: all), with their ids; <paramref name="limit"/> as SQL's <c>LIMIT</c> (null or negative: all).
    /// </summary>
    /// <exception cref="Errors.MineUserException">An invalid filter regex.</exception>
    IReadOnlyList<TagEntry> ListTags(string? filter, long? limit);

    /// <summary>The tag with its id, or null when no stored series carries it.</summary>
    TagEntry? GetTag(string tag);

    /// <summary>
    /// <c>get_tag</c>'s values: those of <paramref name="tag"/> matching <paramref name="filter"/> (as in
    /// <see cref="ListTags"/>), with how many series carry each and their ids; empty for a tag no series carries.
    /// </summary>
    /// <exception cref="Errors.MineUserException">An invalid filter regex.</exception>
    IReadOnlyList<TagValueEntry> TagValues(string tag, string? filter, long? limit);

    /// <summary>
    /// <c>auto_complete_tags</c>: tags of the series matching <paramref name="expressions"/>, other than the tags
    /// the expressions name, starting with <paramref name="tagPrefix"/>; with no expressions, every tag with that
    /// prefix. A null limit means 100; a given one bounds the database's answer (0 or negative: nothing when
    /// expressions are given, everything otherwise) and is then applied as Python's slice <c>[:limit]</c>.
    /// </summary>
    /// <exception cref="Errors.MineUserException">A malformed expression.</exception>
    IReadOnlyList<string> AutoCompleteTags(IReadOnlyList<string> expressions, string? tagPrefix, long? limit);

    /// <summary>
    /// <c>auto_complete_values</c>: values of <paramref name="tag"/> among the series matching
    /// <paramref name="expressions"/> and carrying the tag, starting with <paramref name="valuePrefix"/>; with no
    /// expressions, every value of the tag with that prefix. Limits as in <see cref="AutoCompleteTags"/>.
    /// </summary>
    /// <exception cref="Errors.MineUserException">A malformed expression.</exception>
    IReadOnlyList<string> AutoCompleteValues(IReadOnlyList<string> expressions, string tag, string? valuePrefix, long? limit);
}
