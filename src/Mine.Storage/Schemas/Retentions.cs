namespace Mine.Storage.Schemas;

/// <summary>Parses and validates retention definitions (<c>60:1440</c>, <c>1m:1d</c>) as whisper does.</summary>
/// <remarks>
/// Units follow whisper.py's <c>getUnitString</c>: any prefix of seconds, minutes, hours, days, weeks, years
/// (<c>s</c>, <c>sec</c>, <c>m</c>, <c>min</c>, <c>h</c>, <c>d</c>, <c>w</c>, <c>y</c>, ...; a year is 365 days), lower case only.
/// carbon 1.1.8's own <c>carbon.util.parseRetentionDef</c> accepts only the single letters, so every file carbon
/// accepts is accepted here. A bare number is seconds for the step and a point count for the retention; a
/// retention with a unit is divided by the step, rounding down (<c>1h:90m</c> is 5400 // 3600 = 1 point).
/// Stricter than whisper: a step or point count of zero, or one that does not fit 32 bits, is an error
/// (whisper would divide by zero or write a corrupt header).
/// </remarks>
public static class Retentions
{
    private static readonly (string Unit, long Seconds)[] Units =
    [
        ("seconds", 1), ("minutes", 60), ("hours", 3600), ("days", 86400), ("weeks", 86400 * 7), ("years", 86400 * 365),
    ];

    /// <summary>Parses one definition such as <c>10s:6h</c>.</summary>
    /// <exception cref="FormatException">With whisper's wording: invalid retention definition, precision
    /// specification, retention specification or unit.</exception>
    public static ArchiveSpec ParseArchive(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var trimmed = definition.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"Invalid retention definition '{definition}'");
        }

        var precisionText = trimmed[..colon];
        var pointsText = trimmed[(colon + 1)..];

        long step;
        if (IsDigits(precisionText))
        {
            step = ParseNumber(precisionText, definition);
        }
        else if (TrySplitUnit(precisionText, out var count, out var unit))
        {
            step = Multiply(ParseNumber(count, definition), UnitSeconds(unit), definition);
        }
        else
        {
            throw new FormatException($"Invalid precision specification '{precisionText}'");
        }

        if (step <= 0 || step > int.MaxValue)
        {
            throw new FormatException($"Invalid precision specification '{precisionText}': the step must be 1 to {int.MaxValue} seconds");
        }

        long points;
        if (IsDigits(pointsText))
        {
            points = ParseNumber(pointsText, definition);
        }
        else if (TrySplitUnit(pointsText, out var count, out var unit))
        {
            points = Multiply(ParseNumber(count, definition), UnitSeconds(unit), definition) / step; // whisper's //
        }
        else
        {
            throw new FormatException($"Invalid retention specification '{pointsText}'");
        }

        if (points <= 0 || points > int.MaxValue)
        {
            throw new FormatException(
                $"Invalid retention specification '{pointsText}': gives {points} points at a {step}s step, must be 1 to {int.MaxValue}");
        }

        return new ArchiveSpec((int)step, (int)points);
    }

    /// <summary>
    /// Sorts archives by step and checks whisper's <c>validateArchiveList</c> rules, with its messages.
    /// </summary>
    /// <exception cref="ArgumentException">No archive; two with the same step; a step not dividing the next;
    /// a coarser archive not covering more time; an archive with fewer points than one coarser slot needs.</exception>
    public static IReadOnlyList<ArchiveSpec> Validate(IEnumerable<ArchiveSpec> archives)
    {
        ArgumentNullException.ThrowIfNull(archives);
        var sorted = archives.OrderBy(static a => a.StepSeconds).ToList(); // stable, like list.sort
        if (sorted.Count == 0)
        {
            throw new ArgumentException("You must specify at least one archive configuration!");
        }

        for (var i = 0; i + 1 < sorted.Count; i++)
        {
            var archive = sorted[i];
            var next = sorted[i + 1];
            if (archive.StepSeconds >= next.StepSeconds)
            {
                throw new ArgumentException(
                    "A Whisper database may not be configured having two archives with the same precision " +
                    $"(archive{i}: {Tuple(archive)}, archive{i + 1}: {Tuple(next)})");
            }

            if (next.StepSeconds % archive.StepSeconds != 0)
            {
                throw new ArgumentException(
                    "Higher precision archives' precision must evenly divide all lower precision archives' precision " +
                    $"(archive{i}: {archive.StepSeconds}, archive{i + 1}: {next.StepSeconds})");
            }

            if (next.RetentionSeconds <= archive.RetentionSeconds)
            {
                throw new ArgumentException(
                    "Lower precision archives must cover larger time intervals than higher precision archives " +
                    $"(archive{i}: {archive.RetentionSeconds} seconds, archive{i + 1}: {next.RetentionSeconds} seconds)");
            }

            var pointsPerConsolidation = next.StepSeconds / archive.StepSeconds;
            if (archive.Points < pointsPerConsolidation)
            {
                throw new ArgumentException(
                    "Each archive must have at least enough points to consolidate to the next archive " +
                    $"(archive{i + 1} consolidates {pointsPerConsolidation} of archive{i}'s points " +
                    $"but it has only {archive.Points} total points)");
            }
        }

        return sorted;
    }

    private static long Multiply(long count, long unitSeconds, string definition) =>
        count <= long.MaxValue / unitSeconds
            ? count * unitSeconds
            : throw new FormatException($"Retention definition '{definition}' is too large");

    private static string Tuple(ArchiveSpec archive) => $"({archive.StepSeconds}, {archive.Points})";

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static long ParseNumber(string digits, string definition) =>
        long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Number '{digits}' in retention definition '{definition}' is too large");

    /// <summary>whisper's <c>^(\d+)([a-z]+)$</c>.</summary>
    private static bool TrySplitUnit(string text, out string count, out string unit)
    {
        var split = 0;
        while (split < text.Length && char.IsAsciiDigit(text[split]))
        {
            split++;
        }

        count = text[..split];
        unit = text[split..];
        return split > 0 && unit.Length > 0 && unit.All(char.IsAsciiLetterLower);
    }

    private static long UnitSeconds(string unit)
    {
        foreach (var (name, seconds) in Units)
        {
            if (name.StartsWith(unit, StringComparison.Ordinal))
            {
                return seconds;
            }
        }

        throw new FormatException($"Invalid unit '{unit}'");
    }
}
