using System.Text;

namespace Mine.ClickHouse.Schema;

/// <summary>
/// One regular expression matching the names two carbon patterns both match, for ClickHouse's rollup rules: a rollup
/// <c>&lt;pattern&gt;</c> has one regexp for both its retention and its function, while carbon picks a series'
/// retention (storage-schemas.conf) and its aggregation (storage-aggregation.conf) by two separate patterns.
/// </summary>
/// <remarks>
/// RE2, which ClickHouse uses, has no lookahead, so an intersection is written only for the shapes carbon configs
/// use: a match-all pattern, a prefix (<c>^carbon\.</c>), a suffix (<c>\.count$</c>) and a literal anywhere
/// (<c>\.cpu-</c>). A prefix and a suffix meet as <c>^prefix.*suffix$</c>, which leaves out names where the two
/// overlap (<c>carbon.count</c> for <c>^carbon\.c</c> and <c>\.count$</c>); docs/clickhouse.md says so.
/// </remarks>
internal static class RegexIntersection
{
    /// <summary>The intersection of <paramref name="a"/> and <paramref name="b"/> (null: match-all), or
    /// <see cref="Result.Empty"/> when no name matches both, or <see cref="Result.Unknown"/> when it cannot be written.</summary>
    public static Result Intersect(string? a, string? b)
    {
        var left = Shape.Of(a);
        var right = Shape.Of(b);
        if (left.MatchesAll)
        {
            return Result.Of(right.MatchesAll ? null : b);
        }

        if (right.MatchesAll)
        {
            return Result.Of(a);
        }

        if (left.Kind == ShapeKind.Other || right.Kind == ShapeKind.Other)
        {
            return a == b ? Result.Of(a) : Result.Unknown;
        }

        return (left.Kind, right.Kind) switch
        {
            (ShapeKind.Prefix, ShapeKind.Prefix) => Nested(left, right, static (x, y) => x.StartsWith(y, StringComparison.Ordinal), a, b),
            (ShapeKind.Suffix, ShapeKind.Suffix) => Nested(left, right, static (x, y) => x.EndsWith(y, StringComparison.Ordinal), a, b),
            (ShapeKind.Contains, ShapeKind.Contains) => Nested(left, right, static (x, y) => x.Contains(y, StringComparison.Ordinal), a, b),
            (ShapeKind.Prefix, ShapeKind.Suffix) => Result.Of($"^{Escape(left.Literal)}.*{Escape(right.Literal)}$"),
            (ShapeKind.Suffix, ShapeKind.Prefix) => Result.Of($"^{Escape(right.Literal)}.*{Escape(left.Literal)}$"),
            (ShapeKind.Prefix, ShapeKind.Contains) => Result.Of($"^{Escape(left.Literal)}.*{Escape(right.Literal)}"),
            (ShapeKind.Contains, ShapeKind.Prefix) => Result.Of($"^{Escape(right.Literal)}.*{Escape(left.Literal)}"),
            (ShapeKind.Suffix, ShapeKind.Contains) => Result.Of($"{Escape(right.Literal)}.*{Escape(left.Literal)}$"),
            (ShapeKind.Contains, ShapeKind.Suffix) => Result.Of($"{Escape(left.Literal)}.*{Escape(right.Literal)}$"),
            _ => Result.Unknown,
        };
    }

    /// <summary>Two patterns of one shape: the longer when it implies the shorter, else (for prefixes and suffixes)
    /// nothing matches both.</summary>
    private static Result Nested(Shape left, Shape right, Func<string, string, bool> implies, string? a, string? b)
    {
        if (implies(left.Literal, right.Literal))
        {
            return Result.Of(a);
        }

        if (implies(right.Literal, left.Literal))
        {
            return Result.Of(b);
        }

        return left.Kind == ShapeKind.Contains ? Result.Unknown : Result.Empty;
    }

    private static string Escape(string literal)
    {
        var escaped = new StringBuilder(literal.Length + 4);
        foreach (var c in literal)
        {
            if (@"\.^$|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>What an intersection came to.</summary>
    internal readonly record struct Result(bool Possible, bool Known, string? Pattern)
    {
        public static Result Empty => new(false, true, null);

        public static Result Unknown => new(false, false, null);

        public static Result Of(string? pattern) => new(true, true, pattern);
    }

    private enum ShapeKind
    {
        All,
        Prefix,
        Suffix,
        Contains,
        Other,
    }

    private readonly record struct Shape(ShapeKind Kind, string Literal)
    {
        public bool MatchesAll => Kind == ShapeKind.All;

        public static Shape Of(string? pattern)
        {
            if (pattern is null or "" or ".*" or "^.*" or ".*$" or "^.*$" or ".+" or "^.+$" or ".")
            {
                return new Shape(ShapeKind.All, "");
            }

            var anchoredStart = pattern.StartsWith('^');
            var anchoredEnd = pattern.EndsWith('$') && !pattern.EndsWith(@"\$", StringComparison.Ordinal);
            var body = pattern[(anchoredStart ? 1 : 0)..(pattern.Length - (anchoredEnd ? 1 : 0))];
            if (LiteralOf(body) is not { } literal || (anchoredStart && anchoredEnd))
            {
                return new Shape(ShapeKind.Other, "");
            }

            return new Shape(anchoredStart ? ShapeKind.Prefix : anchoredEnd ? ShapeKind.Suffix : ShapeKind.Contains, literal);
        }

        /// <summary>The text a regex body matches when it is a plain literal (escapes allowed), else null.</summary>
        private static string? LiteralOf(string body)
        {
            var text = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                var c = body[i];
                if (c == '\\')
                {
                    if (i + 1 >= body.Length || char.IsLetterOrDigit(body[i + 1]))
                    {
                        return null; // \d, \w, a trailing backslash: not a literal
                    }

                    text.Append(body[++i]);
                }
                else if (@".^$|?*+()[]{}".Contains(c, StringComparison.Ordinal))
                {
                    return null;
                }
                else
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }
    }
}
