using Mine.Query.Series;

namespace Mine.Query.Render.Formats;

/// <summary>
/// graphite-web's <c>TimeSeries.getInfo()</c>, the dictionary its pickle and msgpack formats (and cluster
/// peers) exchange: name, start, end, step, values (consolidated, None for gaps), pathExpression,
/// valuesPerPoint, consolidationFunc, xFilesFactor, in that key order.
/// </summary>
internal static class SeriesInfo
{
    public static IEnumerable<(string Key, object? Value)> Fields(TimeSeries series)
    {
        yield return ("name", series.Name);
        yield return ("start", series.Start);
        yield return ("end", series.End);
        yield return ("step", series.Step);
        yield return ("values", series.GetPoints());
        yield return ("pathExpression", series.PathExpression);
        yield return ("valuesPerPoint", (long)series.ValuesPerPoint);
        yield return ("consolidationFunc", series.ConsolidationFunc);
        yield return ("xFilesFactor", series.XFilesFactor);
    }
}
