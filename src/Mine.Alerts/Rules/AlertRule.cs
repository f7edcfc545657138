using System.Globalization;

namespace Mine.Alerts.Rules;

/// <summary>How a rule compares a series' value with its threshold.</summary>
public enum Comparison
{
    Below,
    AtMost,
    Above,
    AtLeast,
    Equal,
    NotEqual,
}

/// <summary>
/// A threshold rule from the rules file (docs/alerts.md): every series <see cref="Target"/> returns is checked; a
/// series whose values have satisfied the condition for <see cref="ForSeconds"/> fires, one alert per series.
/// </summary>
public sealed record AlertRule(string Name, string Target, Comparison Comparison, double Threshold, long ForSeconds)
{
    /// <summary>Seconds before the condition's run that a series may go without a value and still count: a target
    /// read over the last <c>for + 10 minutes</c> sees the run's start and a value at least as recent as 10 minutes.</summary>
    public const long LookbackSeconds = 600;

    /// <summary>The condition as written in the file: <c>&lt; 100</c>.</summary>
    public string Condition => $"{Operator(Comparison)} {Threshold.ToString("R", CultureInfo.InvariantCulture)}";

    public bool Holds(double value) => Comparison switch
    {
        Comparison.Below => value < Threshold,
        Comparison.AtMost => value <= Threshold,
        Comparison.Above => value > Threshold,
        Comparison.AtLeast => value >= Threshold,
        Comparison.Equal => value == Threshold,
        _ => value != Threshold,
    };

    public static string Operator(Comparison comparison) => comparison switch
    {
        Comparison.Below => "<",
        Comparison.AtMost => "<=",
        Comparison.Above => ">",
        Comparison.AtLeast => ">=",
        Comparison.Equal => "==",
        _ => "!=",
    };
}
