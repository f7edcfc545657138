using Mine.Alerts.Rules;
using Mine.Query.Series;

namespace Mine.Alerts.Sources;

/// <summary>Whether one series satisfies a rule now, judged from its values alone (no memory between evaluations,
/// so a restart judges exactly as before).</summary>
public static class RuleCheck
{
    /// <summary>
    /// Null when the series' last value is missing or does not satisfy the condition. Otherwise the start of the
    /// condition's run, the time of the earliest value of the trailing run of values that satisfy it (missing values
    /// inside the run are skipped: a late point does not reset <c>for</c>), and the last value.
    /// </summary>
    public static (long Since, double Value)? Check(TimeSeries series, AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rule);
        var values = series.Values;
        var last = Array.FindLastIndex(values, static v => !double.IsNaN(v));
        if (last < 0 || !rule.Holds(values[last]))
        {
            return null;
        }

        var first = last;
        for (var i = last - 1; i >= 0; i--)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }

            if (!rule.Holds(values[i]))
            {
                break;
            }

            first = i;
        }

        return (series.Start + (first * series.Step), values[last]);
    }
}
