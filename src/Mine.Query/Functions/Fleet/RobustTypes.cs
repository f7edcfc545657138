namespace Mine.Query.Functions.Fleet;

/// <summary>Which side of its peers a member is on.</summary>
public enum OutlierSide
{
    /// <summary>Above the group: over-working.</summary>
    Above,

    /// <summary>Below the group: under-working.</summary>
    Below,
}

/// <summary>Which outliers outliers() keeps: on either side (each on the side where it has more points beyond k), or only one side.</summary>
public enum OutlierDirection
{
    Both,
    Above,
    Below,
}

/// <summary>A member outliers() keeps: its side and severity (median |score| in the window; infinite when the rest of
/// the group is identical).</summary>
public readonly record struct OutlierVerdict(OutlierSide Side, double Severity)
{
    /// <summary>+1 above the group, -1 below.</summary>
    public double Sign => Side == OutlierSide.Above ? 1 : -1;
}

/// <summary>One timestamp's robust centre (median) and spread (MAD × <see cref="RobustStatistics.MadScale"/>); not
/// known when fewer than <see cref="RobustStatistics.MinimumMembers"/> members have a value there.</summary>
public readonly record struct RobustSpread(double Median, double Scale)
{
    /// <summary>Too few values: every score is None.</summary>
    public static RobustSpread Unknown { get; } = new(double.NaN, double.NaN) { IsKnown = false };

    /// <summary>Whether there were enough values (the median itself may still be NaN, from +inf and -inf).</summary>
    public bool IsKnown { get; private init; } = true;

    /// <summary>(value - median) / scale; with a scale that is not positive, 0 for the median itself and ±infinity
    /// for anything else. NaN for a missing value or an unknown spread.</summary>
    public double Score(double value) =>
        double.IsNaN(value) || !IsKnown ? double.NaN
        : Scale > 0 ? (value - Median) / Scale
        : value == Median ? 0
        : value > Median ? double.PositiveInfinity : double.NegativeInfinity;
}
