using System.Text.RegularExpressions;
using Mine.Compat.Python;
using Mine.Core.Text;

namespace Mine.Storage.Schemas;

/// <summary>One retention rule of storage-schemas.conf.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Pattern">The regex searched in the series name; null for the fallback rule that matches everything.</param>
/// <param name="Archives">Archives sorted finest first (whisper sorts them when creating a file).</param>
public sealed record StorageSchema(string Name, string? Pattern, IReadOnlyList<ArchiveSpec> Archives)
{
    internal Regex? Regex { get; init; }

    /// <summary>The longest retention, which bounds how old an accepted point may be.</summary>
    public long MaxRetentionSeconds => Archives.Max(static a => a.RetentionSeconds);

    public bool Matches(string metricName) => Regex?.IsMatch(metricName) ?? true;
}

/// <summary>
/// The rules of a storage-schemas.conf, matched the way carbon's <c>loadStorageSchemas</c> does: sections in file
/// order, the first whose <c>pattern</c> regex is found (<c>re.search</c>) in the series name wins.
/// </summary>
/// <remarks>
/// <para>Tagged series are matched on their full canonical name, tags included, as carbon does: <c>^carbon\.</c>
/// matches <c>carbon.x;a=b</c>, but <c>\.count$</c> does not match <c>hits.count;env=prod</c>.</para>
/// <para>Like carbon 1.1.8: a section missing <c>pattern</c> or <c>retentions</c>, or whose archives break whisper's
/// rules, is skipped and reported in <see cref="Warnings"/> (carbon logs it and carries on), so existing files load
/// unchanged; the host should log the warnings. A malformed retention, a bad regex, or a broken file is a
/// <see cref="StorageConfigException"/> (carbon refuses to start). There is no <c>match-all</c> option in carbon
/// 1.1.8: such a section has no pattern and is skipped. A file's rules are followed by carbon's fallback
/// <c>60:10080</c> (one week of minutes) for names no rule matches.</para>
/// </remarks>
public sealed class StorageSchemas
{
    /// <summary>carbon's <c>defaultSchema</c>, used after a file's rules.</summary>
    public static StorageSchema CarbonFallback { get; } = new("default", null, [new ArchiveSpec(60, 60 * 24 * 7)]);

    /// <summary>
    /// Mine's rules when no storage-schemas.conf is configured (a lead's decision): Mine's own metrics every 10 s for
    /// a day then coarser for a year; carbon's metrics as carbon's example file keeps them; everything else a minute
    /// for 14 days and 5 minutes for a year (the product keeps 5-minute data for a year).
    /// <code>
    /// [mine_self]
    /// pattern = ^mine\.
    /// retentions = 10s:1d,1m:30d,5m:1y
    ///
    /// [carbon]
    /// pattern = ^carbon\.
    /// retentions = 60:90d
    ///
    /// [default]
    /// pattern = .*
    /// retentions = 1m:14d,5m:1y
    /// </code>
    /// </summary>
    public static StorageSchemas Default { get; } = Parse(
        """
        [mine_self]
        pattern = ^mine\.
        retentions = 10s:1d,1m:30d,5m:1y

        [carbon]
        pattern = ^carbon\.
        retentions = 60:90d

        [default]
        pattern = .*
        retentions = 1m:14d,5m:1y
        """,
        "(built-in storage schemas)",
        appendCarbonFallback: false);

    private StorageSchemas(string source, List<StorageSchema> rules, List<string> warnings)
    {
        Source = source;
        Rules = rules;
        Warnings = warnings;
    }

    /// <summary>Where the rules came from (a path, or a description for built-in ones).</summary>
    public string Source { get; }

    /// <summary>The rules in match order.</summary>
    public IReadOnlyList<StorageSchema> Rules { get; }

    /// <summary>Sections skipped as carbon skips them, each naming the file, section and reason.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static StorageSchemas Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new StorageConfigException($"{path}: storage schemas file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses storage-schemas.conf text; <paramref name="sourceName"/> is used in messages.</summary>
    public static StorageSchemas Parse(string text, string sourceName) => Parse(text, sourceName, appendCarbonFallback: true);

    /// <summary>The first rule matching <paramref name="metricName"/>.</summary>
    public StorageSchema Match(string metricName)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        foreach (var rule in Rules)
        {
            if (rule.Matches(metricName))
            {
                return rule;
            }
        }

        // Only the built-in set can get here, and it ends with '.*'; keep carbon's fallback as a safety net.
        return CarbonFallback;
    }

    private static StorageSchemas Parse(string text, string sourceName, bool appendCarbonFallback)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var file = CarbonConfigFile.Parse(text, sourceName);
        var warnings = new List<string>(file.Warnings);
        var rules = new List<StorageSchema>();
        foreach (var section in file.Sections)
        {
            var where = $"{sourceName}: section [{section.Name}] (line {section.Line})";
            section.Options.TryGetValue("pattern", out var pattern);
            if (!section.Options.TryGetValue("retentions", out var retentions))
            {
                warnings.Add($"{where} has no 'retentions'; skipped, as carbon skips it");
                continue;
            }

            // carbon parses the retentions (fatal on error) before it looks at the pattern.
            var archives = new List<ArchiveSpec>();
            foreach (var definition in retentions.Split(','))
            {
                try
                {
                    archives.Add(Retentions.ParseArchive(definition));
                }
                catch (FormatException e)
                {
                    throw new StorageConfigException($"{where}: retentions = {retentions}: {e.Message}", e);
                }
            }

            if (string.IsNullOrEmpty(pattern))
            {
                warnings.Add($"{where} has no 'pattern'; skipped, as carbon skips it");
                continue;
            }

            var regex = CompilePattern(pattern, where); // carbon compiles it (fatal if bad) before validating archives
            IReadOnlyList<ArchiveSpec> validated;
            try
            {
                validated = Retentions.Validate(archives);
            }
            catch (ArgumentException e)
            {
                warnings.Add($"{where}: retentions = {retentions}: {e.Message}; skipped, as carbon skips it");
                continue;
            }

            rules.Add(new StorageSchema(section.Name, pattern, validated) { Regex = regex });
        }

        if (appendCarbonFallback)
        {
            rules.Add(CarbonFallback);
        }

        return new StorageSchemas(sourceName, rules, warnings);
    }

    /// <summary>
    /// A pattern of storage-schemas.conf or storage-aggregation.conf: Python's <c>re</c>, matched as carbon matches
    /// it (<c>re.search</c>: anywhere in the name, case-sensitive, culture-invariant). These patterns meet every new
    /// series name a sender makes up, so they run on .NET's linear-time NonBacktracking engine: no name can make
    /// one backtrack catastrophically and stall ingest. Patterns that need backtracking (back-references,
    /// lookarounds) run on the backtracking engine with a match timeout instead.
    /// </summary>
    internal static Regex CompilePattern(string pattern, string where)
    {
        try
        {
            var translated = PythonRegex.Translate(pattern);
            try
            {
                return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                return new Regex(translated, RegexOptions.CultureInvariant, RegexLimits.MatchTimeout);
            }
        }
        catch (ArgumentException e)
        {
            throw new StorageConfigException($"{where}: pattern = {pattern}: not a valid regular expression: {e.Message}", e);
        }
    }
}
