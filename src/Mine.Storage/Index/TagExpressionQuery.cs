using Mine.Core.Errors;
using Mine.Core.Series;
using Mine.Core.Text;

namespace Mine.Storage.Index;

/// <summary>
/// seriesByTag: the tagged series satisfying every expression, as graphite-web 1.1.8's
/// <c>LocalDatabaseTagDB.find_series</c> answers it (see <see cref="TagExpression"/> for the operators).
/// </summary>
/// <remarks>
/// Expressions that reject the empty value ("required" ones) each demand that the series carries the tag with an
/// accepted value; graphite-web joins them in SQL. Here the required expression with the fewest series (an exact
/// <c>tag=value</c> is one posting lookup) supplies the candidates, and the rest are checked on each candidate's
/// own tags, remembering per distinct value whether it passed so a regex runs at most once per value.
/// Results are sorted as SQLite's <c>ORDER BY path</c> sorts (by code point).
/// </remarks>
public sealed class TagExpressionQuery
{
    private readonly TagExpression[] _required;
    private readonly TagExpression[] _filters;

    private TagExpressionQuery(IReadOnlyList<TagExpression> expressions)
    {
        Expressions = expressions;
        _required = [.. expressions.Where(static e => !e.MatchesEmpty)];
        _filters = [.. expressions.Where(static e => e.MatchesEmpty)];
    }

    public IReadOnlyList<TagExpression> Expressions { get; }

    /// <summary>Parses the expressions in order (the first malformed one is reported).</summary>
    /// <exception cref="MineUserException">No expression, a malformed one, an invalid regex, or every expression
    /// matching the empty value.</exception>
    public static TagExpressionQuery Parse(IReadOnlyList<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        if (expressions.Count == 0)
        {
            throw new MineUserException("no tag expressions specified");
        }

        var parsed = new List<TagExpression>(expressions.Count);
        foreach (var expression in expressions)
        {
            parsed.Add(TagExpression.Parse(expression));
        }

        if (parsed.TrueForAll(static e => e.MatchesEmpty))
        {
            // graphite-web's message, then why: such a query would select every series lacking the tags.
            throw new MineUserException(
                $"At least one tagspec must not match the empty string ({string.Join(", ", expressions.Select(static e => "'" + e + "'"))} also accept series without the tag; add an expression that needs a value, such as tag=value or tag!=)");
        }

        return new TagExpressionQuery(parsed);
    }

    /// <summary>The matching series, sorted by name, at most <paramref name="limit"/> of them.</summary>
    /// <param name="index">The tag index.</param>
    /// <param name="limit">Most series returned.</param>
    /// <param name="cancellationToken">Stops the scan (a request's deadline); checked every few hundred candidates.</param>
    public IReadOnlyList<SeriesHandle> Find(TagIndex index, int limit = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var (driver, driverValues) = ChooseDriver(index, cancellationToken);
        if (driverValues.Count == 0)
        {
            return [];
        }

        var requiredChecks = new List<ValueCheck>(_required.Length);
        foreach (var expression in _required)
        {
            if (!ReferenceEquals(expression, driver))
            {
                requiredChecks.Add(new ValueCheck(expression, required: true));
            }
        }

        var filterChecks = _filters.Select(static e => new ValueCheck(e, required: false)).ToArray();
        var results = new List<SeriesHandle>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = 0;
        foreach (var value in driverValues)
        {
            foreach (var id in index.SeriesIds(driver.Tag, value))
            {
                if ((++candidates & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!index.TryGetName(id, out var name) || !TagIndex.TryParse(name, out var path, out var pairs))
                {
                    continue;
                }

                tags.Clear();
                foreach (var (tag, tagValue) in pairs)
                {
                    tags[tag] = tagValue; // a repeated tag keeps its last value, as a Python dict would
                }

                tags[TagIndex.NameTag] = path;
                if (requiredChecks.TrueForAll(c => c.Passes(tags)) && Array.TrueForAll(filterChecks, c => c.Passes(tags)))
                {
                    results.Add(new SeriesHandle(name, id));
                }
            }
        }

        results.Sort(static (a, b) => CodePointComparer.Instance.Compare(a.Name, b.Name));
        return results.Count > limit ? results[..limit] : results;
    }

    /// <summary>
    /// The required expression whose accepted values cover the fewest series, with those values. Exact matches
    /// are a lookup; the others scan their tag's values, so they are only scanned when no exact match exists.
    /// </summary>
    private (TagExpression Driver, IReadOnlyList<string> Values) ChooseDriver(TagIndex index, CancellationToken cancellationToken)
    {
        TagExpression? best = null;
        IReadOnlyList<string> bestValues = [];
        var bestCount = long.MaxValue;
        foreach (var expression in _required.Where(static e => e.Operator == TagOperator.Equal))
        {
            var count = index.SeriesIds(expression.Tag, expression.Spec).Count;
            if (count < bestCount)
            {
                (best, bestValues, bestCount) = (expression, [expression.Spec], count);
            }
        }

        if (best is not null)
        {
            return (best, bestValues);
        }

        foreach (var expression in _required)
        {
            var values = new List<string>();
            long count = 0;
            foreach (var (value, seriesCount) in index.Values(expression.Tag))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (expression.RequiredValueMatches(value))
                {
                    values.Add(value);
                    count += seriesCount;
                }
            }

            if (count < bestCount)
            {
                (best, bestValues, bestCount) = (expression, values, count);
            }
        }

        return (best!, bestValues);
    }

    /// <summary>One expression tested on candidates, with its verdict remembered per distinct value.</summary>
    private sealed class ValueCheck(TagExpression expression, bool required)
    {
        private readonly Dictionary<string, bool> _verdicts = new(StringComparer.Ordinal);

        public bool Passes(Dictionary<string, string> tags)
        {
            if (!tags.TryGetValue(expression.Tag, out var value))
            {
                // SQL's join drops a series lacking a required tag; a filter sees the missing tag as "".
                return !required && expression.FilterMatches(string.Empty);
            }

            if (!_verdicts.TryGetValue(value, out var verdict))
            {
                verdict = required ? expression.RequiredValueMatches(value) : expression.FilterMatches(value);
                _verdicts[value] = verdict;
            }

            return verdict;
        }
    }
}
