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
        return Line(builtIn ? "built in" : schemas.Source, schemas.Rules.Select(static r => $"{r.Pattern ?? "(fallback)"} {string.Join(',', r.Archives.Select(Archive))}").ToList());
    }

    public static string Describe(StorageAggregation aggregation, bool builtIn)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        return Line(builtIn ? "built in" : aggregation.Source,
            aggregation.Rules.Select(static r => $"{r.Pattern ?? "(fallback)"} {r.Method.ToString().ToLowerInvariant()} xFilesFactor {r.XFilesFactor:0.##}").ToList());
    }

    /// <summary>The first few rules, then how many more the file holds (the whole file is one flag away).</summary>
    private static string Line(string? source, IReadOnlyList<string> rules)
    {
        var hidden = rules.Count - RulesShown;
        var more = hidden switch
        {
            <= 0 => "",
            1 => "; 1 more rule",
            _ => $"; {hidden} more rules",
        };
        return $"{source}: {string.Join("; ", rules.Take(RulesShown))}{more}";
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
