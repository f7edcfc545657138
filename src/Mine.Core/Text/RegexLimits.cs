namespace Mine.Core.Text;

/// <summary>
/// Every regular expression Mine runs on text it received has a match timeout (or runs on the linear-time
/// NonBacktracking engine), so no name, target or pattern can pin a core: a match that runs too long fails
/// its request with a 400 instead.
/// </summary>
public static class RegexLimits
{
    /// <summary>How long one match may run on one text, in milliseconds.</summary>
    public const int MatchMilliseconds = 1000;

    public static TimeSpan MatchTimeout { get; } = TimeSpan.FromMilliseconds(MatchMilliseconds);
}
