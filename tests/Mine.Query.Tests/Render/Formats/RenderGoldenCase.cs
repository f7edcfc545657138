using Mine.Query.Series;

namespace Mine.Query.Tests.Render.Formats;

/// <summary>One /render response recorded from graphite-web (see Golden/render_formats_golden.py).</summary>
/// <param name="Series">Builds fresh series: the JSON writer consolidates them in place.</param>
internal sealed record RenderGoldenCase(
    string Name,
    string Format,
    string TimeZone,
    int? MaxDataPoints,
    bool NoNullPoints,
    string? Jsonp,
    bool Pretty,
    Func<TimeSeries[]> Series,
    string ExpectedContentType,
    string ExpectedBody);

internal static partial class RenderGoldenCases
{
    private static TimeSeries S(string name, long start, long end, long step, double[] values, string consolidationFunc, double xFilesFactor)
        => new(name, start, end, step, values, consolidationFunc, xFilesFactor: xFilesFactor);
}
