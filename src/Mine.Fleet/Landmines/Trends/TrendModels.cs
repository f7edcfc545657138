using Mine.Query.Functions.Fleet;

namespace Mine.Fleet;

/// <summary>
/// How the trends are found (decision 0030). The horizon is the per-deployment choice (<c>Mine:Landmines:Horizon</c>
/// when the host wires it); the others are the statistics' thresholds, kept here so tests can name them.
/// </summary>
public sealed record TrendOptions
{
    public static TrendOptions Default { get; } = new();

    /// <summary>A limit reached within this many seconds of now is a landmine (24 h: full tonight, not next week).</summary>
    public long HorizonSeconds { get; init; } = 24 * 3600;

    /// <summary>The hours the line is fitted over.</summary>
    public long WindowSeconds { get; init; } = 6 * 3600;

    /// <summary>The window is averaged into buckets of this many seconds before fitting (72 points for 6 h).</summary>
    public long BucketSeconds { get; init; } = 300;

    /// <summary>Kendall's tau from which a rise is steady: noise and spikes stay under it.</summary>
    public double MinTau { get; init; } = TheilSen.DefaultMinTau;

    /// <summary>How many robust deviations a host's relative memory growth must be above its group's.</summary>
    public double K { get; init; } = 3;

    /// <summary>The least spread (per hour, relative to the level) the group's memory growths are measured against:
    /// a group of identical flat hosts must not make a 0.1 %/h drift infinitely unusual.</summary>
    public double MinRelativeSpreadPerHour { get; init; } = 0.005;

    /// <summary>Seconds between trend computations; null: every tenth landmine computation (5 min by default).</summary>
    public int? RefreshSeconds { get; init; }

    /// <summary>The buckets of the window.</summary>
    public int Buckets => (int)Math.Max(1, WindowSeconds / Math.Max(1, BucketSeconds));

    /// <summary>Throws with what to change when a value cannot work.</summary>
    public void Validate()
    {
        if (BucketSeconds < 1 || WindowSeconds < 3 * BucketSeconds || WindowSeconds / BucketSeconds > TheilSen.MaximumPoints)
        {
            throw new ArgumentException($"trend window {WindowSeconds} s with buckets of {BucketSeconds} s: give at least 3 and at most {TheilSen.MaximumPoints} buckets");
        }

        if (HorizonSeconds < 1 || MinTau is <= 0 or > 1 || K <= 0 || MinRelativeSpreadPerHour <= 0)
        {
            throw new ArgumentException("trend horizon, K and the least spread must be positive, and MinTau above 0 and at most 1");
        }
    }
}

/// <summary>
/// A series heading for its limit: a disk full within the horizon, or memory growing steadily while its group's does
/// not. <see cref="Metric"/> is <c>disk</c> or <c>memory</c>, <see cref="Subject"/> the collectd instance
/// (<c>df-var</c>, <c>memory</c>). Rates are per hour of the used series' unit (bytes, or percent points);
/// <see cref="ExpectedAt"/> is the unix time the fitted line reaches <see cref="Limit"/>, null when not within the
/// horizon. <see cref="Confidence"/> is the fit's Kendall tau; <see cref="GroupScore"/> the robust score of the
/// host's relative growth against its group (memory only). <see cref="Since"/> is the first bucket fitted.
/// </summary>
public sealed record TrendFinding(
    string Host,
    string Group,
    string Metric,
    string Title,
    string Subject,
    double Limit,
    double Level,
    double RatePerHour,
    long? ExpectedAt,
    double Confidence,
    long Since,
    long WindowSeconds)
{
    public string Kind => "trend";

    /// <summary>Unit of <see cref="Limit"/>, <see cref="Level"/> and the rate: <c>bytes</c> or <c>percent</c>.</summary>
    public string Unit { get; init; } = "bytes";

    public double? GroupScore { get; init; }

    /// <summary>The used series, as a render target.</summary>
    public string UsedTarget { get; init; } = "";

    /// <summary>The limit: a number, or the render target summing the parts.</summary>
    public string LimitTarget { get; init; } = "";

    /// <summary>timeToLimit() over the same window: the graph of this verdict.</summary>
    public string TimeToLimitTarget { get; init; } = "";

    /// <summary>One sentence for people: level, rate, when.</summary>
    public string Evidence { get; init; } = "";
}
