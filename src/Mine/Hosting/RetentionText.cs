using Mine.Storage.Schemas;

namespace Mine.Hosting;

/// <summary>Retention rules in one short line for the startup block: each rule's pattern and archives written as
/// carbon writes them (<c>1m:14d,5m:1y</c>).</summary>
internal static class RetentionText
{
    private const int RulesShown = 4;

    public static string Describe(StorageSchemas schemas, bool builtIn)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        var rules = schemas.Rules.Take(RulesShown).Select(static r => $"{r.Pattern ?? "(fallback)"} {string.Join(',', r.Archives.Select(Archive))}");
        var more = schemas.Rules.Count > RulesShown ? $"; {schemas.Rules.Count - RulesShown} more rules" : "";
        var source = builtIn ? "built in" : schemas.Source;
        return $"{source}: {string.Join("; ", rules)}{more}";
    }

    public static string Describe(StorageAggregation aggregation, bool builtIn)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        var rules = aggregation.Rules.Take(RulesShown).Select(static r => $"{r.Pattern ?? "(fallback)"} {r.Method.ToString().ToLowerInvariant()} xFilesFactor {r.XFilesFactor:0.##}");
        var more = aggregation.Rules.Count > RulesShown ? $"; {aggregation.Rules.Count - RulesShown} more rules" : "";
        var source = builtIn ? "built in" : aggregation.Source;
        return $"{source}: {string.Join("; ", rules)}{more}";
    }

    /// <summary>An archive as <c>step:retention</c> in the largest units that divide each exactly (<c>1m:14d</c>).</summary>
    public static string Archive(ArchiveSpec archive) => $"{Duration(archive.StepSeconds)}:{Duration(archive.RetentionSeconds)}";

    private static string Duration(long seconds)
    {
        (long Seconds, string Unit)[] units = [(365 * 86400, "y"), (86400, "d"), (3600, "h"), (60, "m")];
        foreach (var (size, unit) in units)
        {
            if (seconds >= size && seconds % size == 0)
            {
                return $"{seconds / size}{unit}";
            }
        }

        return $"{seconds}s";
    }
}
