using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Mine.Core.Text;

namespace Mine.Query.Time;

/// <summary>
/// Resolves a request's <c>tz</c> parameter the way graphite-web does: <c>pytz.timezone(name)</c>, falling back
/// to <c>settings.TIME_ZONE</c> (UTC) when pytz raises UnknownTimeZoneError (render/views.py parseOptions,
/// metrics/views.py find_view).
/// </summary>
public static partial class TimeZoneResolver
{
    /// <summary>The zone for <paramref name="name"/>, or <paramref name="fallback"/> (default UTC) if unknown or absent.</summary>
    public static TimeZoneInfo Resolve(string? name, TimeZoneInfo? fallback = null)
        => name is not null && TryResolve(name, out var zone) ? zone : fallback ?? TimeZoneInfo.Utc;

    /// <summary>
    /// pytz.timezone: "UTC" in any case is UTC; non-ASCII names are unknown; "_plus_"/"_minus_" stand for
    /// "+"/"-"; lookup is case-insensitive; only names in pytz's list count (zoneinfo's available zones minus
    /// "Factory" and "localtime", so no "posixrules", "posix/..." or "right/..." either).
    /// </summary>
    public static bool TryResolve(string name, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        var unmunged = name.Replace("_plus_", "+", StringComparison.Ordinal).Replace("_minus_", "-", StringComparison.Ordinal);

        // .NET's own lookup is case-insensitive on Linux too, but it also knows Windows ids and non-zone files,
        // so only IANA-shaped names get that far and the canonical id is checked afterwards.
        if (!IanaShapedName().IsMatch(unmunged))
        {
            return false;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(unmunged, out var found)
            && (FindCaseInsensitively(unmunged) is not { } canonical || !TimeZoneInfo.TryFindSystemTimeZoneById(canonical, out found)))
        {
            return false;
        }

        var id = found.Id;
        if (id is "Factory" or "localtime" or "posixrules"
            || id.StartsWith("posix/", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("right/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        zone = found;
        return true;
    }

    /// <summary>
    /// .NET reads zone files by exact path on Linux, so "us/eastern" is resolved by walking the zoneinfo
    /// directory (TZDIR or /usr/share/zoneinfo, where .NET looks too) one segment at a time, ignoring case.
    /// </summary>
    private static string? FindCaseInsensitively(string name)
    {
        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        var segments = name.Split('/');
        var canonical = new List<string>(segments.Length);
        try
        {
            foreach (var segment in segments)
            {
                var match = Directory.EnumerateFileSystemEntries(directory)
                    .Select(Path.GetFileName)
                    .Where(entry => string.Equals(entry, segment, StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .FirstOrDefault();
                if (match is null)
                {
                    return null;
                }

                canonical.Add(match);
                directory = Path.Combine(directory, match);
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return string.Join('/', canonical);
    }

    [GeneratedRegex("^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex IanaShapedName();
}
