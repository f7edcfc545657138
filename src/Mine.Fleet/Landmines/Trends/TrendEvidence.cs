using System.Globalization;

namespace Mine.Fleet;

/// <summary>The sentence a trend finding shows: level of limit, rate, when.</summary>
internal static class TrendEvidence
{
    public static string Describe(TrendFinding finding, long now)
    {
        var (level, limit, rate) = (Amount(finding.Level, finding.Unit), Amount(finding.Limit, finding.Unit), Amount(finding.RatePerHour, finding.Unit));
        var what = finding.Metric == "disk" ? $"{finding.Subject}: " : "memory: ";
        var text = string.Create(CultureInfo.InvariantCulture, $"{what}{level} of {limit}, +{rate}/h (Theil–Sen over {Interval(finding.WindowSeconds)}, tau {finding.Confidence:0.00})");
        if (finding.GroupScore is { } score)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {(finding.Level > 0 ? finding.RatePerHour / finding.Level * 100 : 0):0.0} %/h, {score:0.#} deviations above the group's growth");
        }

        return finding.ExpectedAt is { } at
            ? text + (at <= now ? "; at the limit now" : string.Create(CultureInfo.InvariantCulture, $"; reaches the limit in {(at - now) / 3600.0:0.0} h"))
            : text + "; not at the limit within the horizon";
    }

    /// <summary>"6h", "5min", "90s": an interval as the render language writes it.</summary>
    public static string Interval(long seconds) =>
        seconds % 3600 == 0 ? $"{seconds / 3600}h" : seconds % 60 == 0 ? $"{seconds / 60}min" : $"{seconds}s";

    private static string Amount(double value, string unit)
    {
        if (unit == "percent")
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} %");
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var (scaled, index) = (Math.Abs(value), 0);
        while (scaled >= 1024 && index < units.Length - 1)
        {
            scaled /= 1024;
            index++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Sign(value) * scaled:0.#} {units[index]}");
    }
}
