using System.Globalization;
using System.Text.RegularExpressions;

namespace Mine.Storage.Schemas;

/// <summary>What <see cref="StorageAggregation.Match"/> answers: deconstructs as <c>var (method, xff) = ...</c>.</summary>
public readonly record struct AggregationPolicy(AggregationMethod Method, double XFilesFactor);

/// <summary>One rule of storage-aggregation.conf.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Pattern">The regex searched in the series name; null for the fallback rule.</param>
public sealed record AggregationRule(string Name, string? Pattern, AggregationMethod Method, double XFilesFactor)
{
    internal Regex? Regex { get; init; }

    public AggregationPolicy Policy => new(Method, XFilesFactor);

    public bool Matches(string metricName) => Regex?.IsMatch(metricName) ?? true;
}

/// <summary>
/// The rules of a storage-aggregation.conf, matched as carbon's <c>loadAggregationSchemas</c> does: sections in
/// file order, first <c>pattern</c> found in the name wins (tagged names are matched with their tags, as in carbon).
/// </summary>
/// <remarks>
/// <para>Like carbon 1.1.8 with whisper: an xFilesFactor that is not a number, or a section without
/// <c>pattern</c>, is skipped with a <see cref="Warnings"/> entry (carbon logs and carries on); an xFilesFactor
/// outside [0, 1] or an unknown aggregationMethod is a <see cref="StorageConfigException"/> (carbon dies on the
/// assertion). Method names are whisper's, case-sensitive.</para>
/// <para>A rule of a file that omits xFilesFactor or aggregationMethod gets whisper's defaults, 0.5 and average, and
/// so do names no rule of a file matches (carbon's <c>defaultAggregation</c> is <c>(None, None)</c>), so a
/// carbon user's file behaves as it did. Only <see cref="Default"/>, used when no file is configured, uses 0.</para>
/// </remarks>
public sealed class StorageAggregation
{
    /// <summary>whisper.create's defaults, applied to whatever a file leaves unset.</summary>
    public static AggregationRule CarbonFallback { get; } = new("default", null, AggregationMethod.Average, 0.5);

    /// <summary>
    /// Mine's rules when no storage-aggregation.conf is configured (a lead's decision). The first three are carbon's
    /// example file (with <c>sum</c> for <c>.count</c>; Debian's copy says <c>max</c>, an upstream slip), the last
    /// averages everything else with xFilesFactor 0: carbon's own default 0.5 makes a coarse point vanish whenever
    /// fewer than half of its fine slots arrived, which for sparse or irregular senders empties whole 5-minute archives.
    /// <code>
    /// [min]
    /// pattern = \.min$
    /// xFilesFactor = 0.1
    /// aggregationMethod = min
    ///
    /// [max]
    /// pattern = \.max$
    /// xFilesFactor = 0.1
    /// aggregationMethod = max
    ///
    /// [sum]
    /// pattern = \.count$
    /// xFilesFactor = 0
    /// aggregationMethod = sum
    ///
    /// [default]
    /// pattern = .*
    /// xFilesFactor = 0
    /// aggregationMethod = average
    /// </code>
    /// </summary>
    public static StorageAggregation Default { get; } = Parse(
        """
        [min]
        pattern = \.min$
        xFilesFactor = 0.1
        aggregationMethod = min

        [max]
        pattern = \.max$
        xFilesFactor = 0.1
        aggregationMethod = max

        [sum]
        pattern = \.count$
        xFilesFactor = 0
        aggregationMethod = sum

        [default]
        pattern = .*
        xFilesFactor = 0
        aggregationMethod = average
        """,
        "(built-in storage aggregation)");

    private StorageAggregation(string source, List<AggregationRule> rules, List<string> warnings)
    {
        Source = source;
        Rules = rules;
        Warnings = warnings;
    }

    public string Source { get; }

    /// <summary>The rules in match order, ending with <see cref="CarbonFallback"/>.</summary>
    public IReadOnlyList<AggregationRule> Rules { get; }

    /// <summary>Sections skipped as carbon skips them, each naming the file, section and reason.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public static StorageAggregation Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new StorageConfigException($"{path}: storage aggregation file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses storage-aggregation.conf text; <paramref name="sourceName"/> is used in messages.</summary>
    public static StorageAggregation Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var file = CarbonConfigFile.Parse(text, sourceName);
        var warnings = new List<string>(file.Warnings);
        var rules = new List<AggregationRule>();
        foreach (var section in file.Sections)
        {
            var where = $"{sourceName}: section [{section.Name}] (line {section.Line})";
            var xFilesFactor = CarbonFallback.XFilesFactor;
            if (section.Options.TryGetValue("xfilesfactor", out var xffText))
            {
                if (!double.TryParse(xffText, NumberStyles.Float, CultureInfo.InvariantCulture, out xFilesFactor))
                {
                    warnings.Add($"{where}: xFilesFactor = {xffText} is not a number; skipped, as carbon skips it");
                    continue;
                }

                if (!(xFilesFactor >= 0 && xFilesFactor <= 1))
                {
                    throw new StorageConfigException($"{where}: xFilesFactor = {xffText} must be between 0 and 1");
                }
            }

            var method = CarbonFallback.Method;
            if (section.Options.TryGetValue("aggregationmethod", out var methodText)
                && !AggregationMethods.TryParse(methodText, out method))
            {
                throw new StorageConfigException(
                    $"{where}: aggregationMethod = {methodText} is not one of {string.Join(", ", AggregationMethods.Names)}");
            }

            if (!section.Options.TryGetValue("pattern", out var pattern) || pattern.Length == 0)
            {
                warnings.Add($"{where} has no 'pattern'; skipped, as carbon skips it");
                continue;
            }

            rules.Add(new AggregationRule(section.Name, pattern, method, xFilesFactor)
            {
                Regex = StorageSchemas.CompilePattern(pattern, where),
            });
        }

        rules.Add(CarbonFallback);
        return new StorageAggregation(sourceName, rules, warnings);
    }

    /// <summary>The method and xFilesFactor of the first rule matching <paramref name="metricName"/>.</summary>
    public AggregationPolicy Match(string metricName) => MatchRule(metricName).Policy;

    /// <summary>The first rule matching <paramref name="metricName"/> (for diagnostics: which section decided).</summary>
    public AggregationRule MatchRule(string metricName)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        foreach (var rule in Rules)
        {
            if (rule.Matches(metricName))
            {
                return rule;
            }
        }

        return CarbonFallback;
    }
}
