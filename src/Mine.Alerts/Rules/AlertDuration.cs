using System.Globalization;

namespace Mine.Alerts.Rules;

/// <summary>Durations as the rules file and the silences API write them: <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>,
/// or a number of seconds.</summary>
public static class AlertDuration
{
    /// <summary>Seconds of <paramref name="text"/>, or null when it is not a duration.</summary>
    public static long? TryParseSeconds(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return null;
        }

        var unit = value[^1] switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86400L,
            _ => 0L,
        };
        var number = unit == 0 ? value : value[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100L * 365 * 86400)
        {
            return null;
        }

        return count * Math.Max(1, unit);
    }

    /// <summary><c>5m</c>, <c>2h</c>, <c>90s</c>: the largest unit that divides the seconds.</summary>
    public static string Format(long seconds) => seconds switch
    {
        0 => "0s",
        _ when seconds % 86400 == 0 => $"{seconds / 86400}d",
        _ when seconds % 3600 == 0 => $"{seconds / 3600}h",
        _ when seconds % 60 == 0 => $"{seconds / 60}m",
        _ => $"{seconds}s",
    };
}
