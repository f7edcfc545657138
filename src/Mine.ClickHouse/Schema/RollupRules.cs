using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Schema;

/// <summary>One age of a rollup rule: points older than <see cref="AgeSeconds"/> are kept at <see cref="PrecisionSeconds"/>.</summary>
public readonly record struct RollupRetention(long AgeSeconds, int PrecisionSeconds);

/// <summary>A rollup <c>&lt;pattern&gt;</c>: names matching <see cref="Regexp"/> (null: the <c>&lt;default&gt;</c>)
/// roll up with <see cref="Function"/> at <see cref="Retentions"/>; <see cref="Comment"/> names the carbon sections.</summary>
public sealed record RollupPattern(string? Regexp, string Function, IReadOnlyList<RollupRetention> Retentions, string Comment);

/// <summary>
/// ClickHouse's <c>graphite_rollup</c> made from Mine's retention and aggregation rules (carbon's storage-schemas.conf
/// and storage-aggregation.conf), so that the merges keep what Mine reads: one pattern per pair of a schema and an
/// aggregation rule, in carbon's order (first schema first, then first aggregation rule), so that ClickHouse's first
/// matching pattern is the pair carbon would have chosen.
/// </summary>
public sealed class RollupRules
{
    private RollupRules(List<RollupPattern> patterns, RollupPattern defaultPattern, List<string> warnings)
    {
        Patterns = patterns;
        Default = defaultPattern;
        Warnings = warnings;
    }

    public IReadOnlyList<RollupPattern> Patterns { get; }

    /// <summary>What names no pattern matches get: carbon's own fallbacks when the rules have no match-all.</summary>
    public RollupPattern Default { get; }

    /// <summary>Pairs that could not be written as one RE2 expression, and aggregations ClickHouse lacks.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static RollupRules From(StorageSchemas schemas, StorageAggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        ArgumentNullException.ThrowIfNull(aggregation);
        var patterns = new List<RollupPattern>();
        var warnings = new List<string>();
        RollupPattern? fallback = null;
        var aggregationRules = aggregation.Rules.Append(StorageAggregation.CarbonFallback).ToList();
        foreach (var schema in schemas.Rules.Append(StorageSchemas.CarbonFallback))
        {
            foreach (var rule in aggregationRules)
            {
                var meet = RegexIntersection.Intersect(schema.Pattern, rule.Pattern);
                if (!meet.Known)
                {
                    warnings.Add($"schema [{schema.Name}] ({schema.Pattern}) and aggregation [{rule.Name}] ({rule.Pattern}) cannot be combined into one "
                        + "RE2 expression; names matching both roll up by the next pattern that matches them");
                    continue;
                }

                if (!meet.Possible)
                {
                    continue;
                }

                var pattern = new RollupPattern(meet.Pattern, Function(rule.Method, rule.Name, warnings), Retentions(schema.Archives), $"[{schema.Name}] x [{rule.Name}]");
                if (meet.Pattern is null)
                {
                    fallback = pattern;
                }
                else
                {
                    patterns.Add(pattern);
                }

                if (MatchesAll(rule.Pattern))
                {
                    break; // no later aggregation rule is reached by this schema's names
                }
            }

            if (fallback is not null || MatchesAll(schema.Pattern))
            {
                break; // no later schema is reached
            }
        }

        return new RollupRules(patterns, fallback ?? throw new InvalidOperationException("carbon's fallbacks match every name"), warnings);
    }

    private static bool MatchesAll(string? pattern) => RegexIntersection.Intersect(pattern, null) is { Possible: true, Pattern: null };

    /// <summary>ClickHouse's aggregate for a whisper method; those it lacks take the nearest, with a warning.</summary>
    private static string Function(AggregationMethod method, string ruleName, List<string> warnings)
    {
        switch (method)
        {
            case AggregationMethod.Average:
                return "avg";
            case AggregationMethod.Sum:
                return "sum";
            case AggregationMethod.Last:
                return "anyLast";
            case AggregationMethod.Max:
                return "max";
            case AggregationMethod.Min:
                return "min";
            default:
                var nearest = method == AggregationMethod.AvgZero ? "avg" : method == AggregationMethod.AbsMax ? "max" : "min";
                var note = $"aggregation [{ruleName}] uses {method.ToCarbonName()}, which ClickHouse's rollup lacks: merged points use {nearest}";
                if (!warnings.Contains(note))
                {
                    warnings.Add(note);
                }

                return nearest;
        }
    }

    /// <summary>Whisper's archives as rollup ages: the first archive's precision from age 0, each coarser one's from
    /// the age where the finer archive's retention ends (where whisper would read it).</summary>
    internal static IReadOnlyList<RollupRetention> Retentions(IReadOnlyList<ArchiveSpec> archives)
    {
        var retentions = new List<RollupRetention>(archives.Count);
        for (var i = 0; i < archives.Count; i++)
        {
            retentions.Add(new RollupRetention(i == 0 ? 0 : archives[i - 1].RetentionSeconds, archives[i].StepSeconds));
        }

        return retentions;
    }
}
