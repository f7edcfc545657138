using Mine.Core.Series;

namespace Mine.Query.Evaluation;

/// <summary>
/// Where the evaluator reads stored series. The host adapts the storage engine to it; tests use an in-memory
/// source. Implementations look up at most <see cref="SeriesReadLimits.MaxSeries"/> + 1 series, reserve them with
/// <see cref="SeriesReadLimits.ReserveSeries"/> (which refuses more than the request may read) and their values with
/// <see cref="SeriesReadLimits.ReservePoints"/>, both before reading them (the evaluator refuses reads that did not).
/// </summary>
public interface ISeriesSource
{
    /// <summary>Series whose names match a path glob, read for [start, end] as of <paramref name="now"/>.</summary>
    IReadOnlyList<FetchedSeries> FetchPath(string pathExpression, long start, long end, long now, SeriesReadLimits limits);

    /// <summary>Series selected by seriesByTag expressions (<c>tag=value</c>, <c>tag!=value</c>, <c>tag=~regex</c>, <c>tag!=~regex</c>).</summary>
    IReadOnlyList<FetchedSeries> FetchTagged(IReadOnlyList<string> tagExpressions, long start, long end, long now, SeriesReadLimits limits);
}
