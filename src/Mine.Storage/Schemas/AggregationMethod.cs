namespace Mine.Storage.Schemas;

/// <summary>How finer points roll up into a coarser archive; the numbers are whisper's on-disk aggregationType.</summary>
public enum AggregationMethod
{
    Average = 1,
    Sum = 2,
    Last = 3,
    Max = 4,
    Min = 5,

    /// <summary>Average counting missing slots as zero (divides by the expected count).</summary>
    AvgZero = 6,

    /// <summary>The value with the largest magnitude, sign kept.</summary>
    AbsMax = 7,

    /// <summary>The value with the smallest magnitude, sign kept.</summary>
    AbsMin = 8,
}

/// <summary>Conversions between <see cref="AggregationMethod"/> and carbon's configuration names.</summary>
public static class AggregationMethods
{
    /// <summary>The names accepted in storage-aggregation.conf, as whisper.aggregationMethods (case-sensitive).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["average", "sum", "last", "max", "min", "avg_zero", "absmax", "absmin"];

    public static bool TryParse(string name, out AggregationMethod method)
    {
        var index = Names.ToList().IndexOf(name);
        method = (AggregationMethod)(index + 1);
        return index >= 0;
    }

    /// <summary>The carbon/whisper name, e.g. <c>avg_zero</c>.</summary>
    public static string ToCarbonName(this AggregationMethod method) =>
        method is >= AggregationMethod.Average and <= AggregationMethod.AbsMin
            ? Names[(int)method - 1]
            : throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown aggregation method.");
}
