using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Hosting;
using Mine.Query.Render.Formats;
using Mine.Query.Series;
using Mine.Query.Time;
using Mine.Storage.Engine;

namespace Mine.Api;

/// <summary>
/// /render for stored series and globs (functions come with the render-API work), in graphite-web's json, csv and
/// raw shapes, GET or form POST. Limits on series and points turn runaway queries into a clear 400.
/// </summary>
internal static class RenderEndpoints
{
    public static void MapRenderApi(this IEndpointRouteBuilder app)
    {
        string[] methods = ["GET", "POST"];
        app.MapMethods("/render", methods, RenderAsync);
    }

    private static Task<IResult> RenderAsync(HttpContext context, StorageEngine storage, MineOptions options) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var format = parameters.Get("format");
        if (parameters.Has("rawData"))
        {
            format = "raw";
        }

        if (format is not ("json" or "csv" or "raw"))
        {
            throw new BadRequestException(format is null
                ? "format is missing: graphite-web then draws a PNG, which Mine does not draw yet; ask for format=json, csv or raw"
                : $"format '{format}' is not supported yet; use json, csv or raw");
        }

        var timeZone = TimeZoneResolver.Resolve(parameters.Get("tz"));
        var range = RenderTimeRange.Parse(parameters.Get("from"), parameters.Get("until"), parameters.Get("now"), timeZone, DateTimeOffset.UtcNow);
        var maxDataPoints = ParseMaxDataPoints(parameters.Get("maxDataPoints"));
        var xFilesFactor = ParseXFilesFactor(parameters.Get("xFilesFactor"));
        var series = FetchTargets(storage, options, parameters.GetAll("target"), range, xFilesFactor);

        var output = new ArrayBufferWriter<byte>(64 * 1024);
        string contentType;
        switch (format)
        {
            case "json":
                var json = new JsonRenderOptions
                {
                    MaxDataPoints = maxDataPoints,
                    NoNullPoints = parameters.Has("noNullPoints"),
                    Jsonp = parameters.Get("jsonp"),
                    Pretty = !string.IsNullOrEmpty(parameters.Get("pretty")),
                };
                JsonRenderWriter.Write(output, series, json);
                contentType = JsonRenderWriter.ContentType(json);
                break;
            case "csv":
                CsvRenderWriter.Write(output, series, timeZone);
                contentType = RenderContentTypes.Csv;
                break;
            default:
                RawRenderWriter.Write(output, series);
                contentType = RenderContentTypes.Raw;
                break;
        }

        return Results.Bytes(output.WrittenMemory.ToArray(), contentType);
    });

    private static List<TimeSeries> FetchTargets(StorageEngine storage, MineOptions options, List<string> targets, RenderTimeRange range, double? xFilesFactor)
    {
        var result = new List<TimeSeries>();
        long points = 0;
        foreach (var target in targets)
        {
            if (target.Length == 0)
            {
                continue;
            }

            if (target.IndexOfAny(['(', ')', '|', '"', '\'']) >= 0)
            {
                throw new BadRequestException($"Render functions are not supported yet (target '{target}'); give plain metric paths or globs.");
            }

            var matches = storage.FindSeries(target, options.MaxSeriesPerRequest + 1);
            if (result.Count + matches.Count > options.MaxSeriesPerRequest)
            {
                throw new BadRequestException($"The request matches more than {options.MaxSeriesPerRequest} series (MaxSeriesPerRequest); narrow the targets.");
            }

            var fetched = new List<TimeSeries>(matches.Count);
            foreach (var (name, _) in matches)
            {
                var read = storage.Fetch(name, range.StartSeconds, range.EndSeconds, range.NowSeconds);
                if (read is null)
                {
                    continue;
                }

                points += read.Values.Length;
                if (points > options.MaxPointsPerRequest)
                {
                    throw new BadRequestException($"The request would return more than {options.MaxPointsPerRequest} points (MaxPointsPerRequest); shorten the time range or narrow the targets.");
                }

                fetched.Add(new TimeSeries(read.Name, read.Start, read.End, read.Step, read.Values, xFilesFactor: xFilesFactor ?? 0, pathExpression: target));
            }

            // datalib._merge_results: the series of one path expression come back sorted by name.
            fetched.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            result.AddRange(fetched);
        }

        return result;
    }

    private static int? ParseMaxDataPoints(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // graphite-web: "if maxDataPoints.isdigit()", anything else is ignored there; Mine says so instead.
        if (!text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
        {
            throw new BadRequestException($"maxDataPoints '{text}' must be a positive whole number");
        }

        return value;
    }

    private static double? ParseXFilesFactor(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            throw new BadRequestException($"xFilesFactor '{text}' must be a number between 0 and 1");
        }

        return value;
    }
}
