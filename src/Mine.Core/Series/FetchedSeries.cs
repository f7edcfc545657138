namespace Mine.Core.Series;

/// <summary>
/// A fixed-step run of values read from storage, shaped like graphite-web's TimeSeries: the value at index i
/// belongs to timestamp <c>Start + i * Step</c>; <c>End</c> is exclusive; <see cref="double.NaN"/> is "no data"
/// (null in JSON, None in raw).
/// </summary>
public sealed record FetchedSeries(string Name, long Start, long End, long Step, double[] Values)
{
    /// <summary>The aggregation method the series was stored with (used as its default consolidation).</summary>
    public string ConsolidationFunction { get; init; } = "average";

    public double XFilesFactor { get; init; }
}
