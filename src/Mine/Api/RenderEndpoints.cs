using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Core.Buffers;
using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Events;
using Mine.Graphs;
using Mine.Hosting;
using Mine.Query.Evaluation;
using Mine.Query.Render.Formats;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Api;

/// <summary>
/// graphite-web's /render: targets in the full render language (functions, pipes, templates, seriesByTag)
/// evaluated over stored series, answered as a graph (png, the default, svg or pdf; line or pie) or in
/// graphite-web's json, csv, raw, pickle, msgpack, dygraph and rickshaw shapes, GET or form POST. Limits on series,
/// points, memory and time turn runaway queries into a clear 400; renders wait for one of a bounded number of
/// slots (or get 503) and run on the low-priority render threads (<see cref="RenderScheduler"/>).
/// </summary>
internal static class RenderEndpoints
{
    private static readonly string[] DataFormats = ["json", "csv", "raw", "pickle", "msgpack", "dygraph", "rickshaw"];

    public static void MapRenderApi(this IEndpointRouteBuilder app)
    {
        string[] methods = ["GET", "POST"];
        app.MapMethods("/render", methods, RenderAsync);
    }

    private static Task<IResult> RenderAsync(HttpContext context, ISeriesIndex index, ITagDatabase tags, ISeriesReader reader, EventStore events, MineOptions options, RenderServices render, RequestCounters requests) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var trace = QueryTrace.Start(context, "render", parameters.GetAll("target"));
        var format = parameters.Get("format");
        if (parameters.Has("rawData"))
        {
            format = "raw";
        }
        else if (parameters.Has("pickle"))
        {
            format = "pickle";
        }

        var graphType = parameters.Get("graphType") ?? "line";
        if (graphType is not ("line" or "pie"))
        {
            throw new MineUserException($"graphType '{graphType}' is unknown; use line or pie");
        }

        // Like graphite-web: no format draws a PNG, and a pie is always a picture.
        var imageFormat = RenderImages.ImageFormatOf(format);
        if (imageFormat is null && (format is null || !DataFormats.Contains(format)))
        {
            throw new MineUserException($"format '{format}' is unknown; use png, svg, pdf, json, csv, raw, pickle, msgpack, dygraph or rickshaw");
        }

        var jsonp = JsonpCallback.From(parameters, options);
        var timeZone = TimeZoneResolver.Resolve(parameters.Get("tz"));
        var range = RenderTimeRange.Parse(parameters.Get("from"), parameters.Get("until"), parameters.Get("now"), timeZone, DateTimeOffset.UtcNow);
        var maxDataPoints = ParseMaxDataPoints(parameters.Get("maxDataPoints"));
        var xFilesFactor = ParseXFilesFactor(parameters.Get("xFilesFactor"));

        // Everything above is cheap; the work below waits for a render slot (or is refused with 503).
        using var slot = await render.Gate.EnterAsync(context.RequestAborted).ConfigureAwait(false);
        var limits = new QueryLimits
        {
            MaxSeries = options.MaxSeriesPerRequest,
            MaxPoints = options.MaxPointsPerRequest,
            MaxDuration = TimeSpan.FromSeconds(Math.Max(0.001, options.MaxQuerySeconds)),
            MaxMemoryBytes = Math.Max(1, options.MaxRequestMemoryMB) << 20,
        };

        // The time limit as a token too, so reads, parallel loops and drawing stop when it passes.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(limits.MaxDuration);
        var timing = new RenderTiming();

        // Every answer below is written out (body bytes or a picture) before the handler returns, so the fetched
        // series' arrays can go back to the pool when it does, whether the request succeeded or failed.
        using var values = new ValueArrayLease(ValueArrayPool.Shared);
        var source = new StorageSeriesSource(index, tags, reader, values);
        trace.Source = source;
        context.Response.OnCompleted(() =>
        {
            if (source.ConsolidatedReads > 0)
            {
                requests.RenderConsolidated();
            }

            return Task.CompletedTask;
        });
        var evaluation = new EvaluationContext
        {
            StartSeconds = range.StartSeconds,
            EndSeconds = range.EndSeconds,
            NowSeconds = range.NowSeconds,
            TimeZone = timeZone,
            XFilesFactor = xFilesFactor,
            Template = TemplateParameters(parameters),
            LocalOnly = parameters.Get("local") == "1",
            Source = source,
            Events = new EventStoreSource(events),
            Limits = limits,
            CancellationToken = deadline.Token,
            ValueArrays = values,
            ReadConsolidationPoints = maxDataPoints ?? (imageFormat is not null || graphType == "pie" ? ImageWidth(parameters) : null),
        };

        try
        {
            if (graphType == "pie")
            {
                return await render.Scheduler.Run(() => RenderImages.Pie(parameters, evaluation, imageFormat ?? ImageFormat.Png, jsonp, deadline.Token), deadline.Token).ConfigureAwait(false);
            }

            if (imageFormat is { } image)
            {
                var picture = await render.Scheduler.Run(
                    () =>
                    {
                        var series = TargetEvaluator.Default.Evaluate(parameters.GetAll("target"), evaluation);
                        timing.Evaluated();
                        var drawn = RenderImages.Line(series, parameters, timeZone, image, jsonp, deadline.Token);
                        timing.Formatted();
                        return drawn;
                    },
                    deadline.Token).ConfigureAwait(false);
                timing.AddHeader(context.Response, source.ReadTime);
                return picture;
            }

            var jsonOptions = JsonOptions(parameters, maxDataPoints, jsonp) with { Workers = render.Scheduler };
            var (evaluated, body, contentType) = await render.Scheduler.Run(
                () =>
                {
                    var series = TargetEvaluator.Default.Evaluate(parameters.GetAll("target"), evaluation);
                    timing.Evaluated();
                    if (format == "json" && JsonRenderWriter.WorthStreaming(series, jsonOptions))
                    {
                        return (series, (ChunkedBufferWriter?)null, (string?)null);
                    }

                    var output = new ChunkedBufferWriter();
                    try
                    {
                        var written = Write(format!, output, series, parameters, maxDataPoints, timeZone, jsonp);
                        timing.Formatted();
                        return (series, output, written);
                    }
                    catch
                    {
                        output.Dispose();
                        throw;
                    }
                },
                deadline.Token).ConfigureAwait(false);
            timing.AddHeader(context.Response, source.ReadTime);
            if (body is not null)
            {
                return new ChunkedBodyResult(body, contentType!);
            }

            // A wide answer goes out while it is being formatted (chunked transfer, no Content-Length) by the render
            // threads; it is sent before the handler returns, so the pooled arrays behind the series stay valid until
            // the last byte.
            var response = context.Response;
            response.ContentType = JsonRenderWriter.ContentType(jsonOptions);
            await JsonRenderWriter.WriteStreamingAsync(piece => response.Body.WriteAsync(piece, context.RequestAborted), evaluated, jsonOptions).ConfigureAwait(false);
            return Results.Empty;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            throw new MineUserException(limits.TimeLimitMessage);
        }
    });

    private static string Write(string format, ChunkedBufferWriter output, List<TimeSeries> series, RequestParameters parameters, int? maxDataPoints, TimeZoneInfo timeZone, string? jsonp)
    {
        switch (format)
        {
            case "json":
                var json = JsonOptions(parameters, maxDataPoints, jsonp);
                JsonRenderWriter.Write(output, series, json);
                return JsonRenderWriter.ContentType(json);
            case "csv":
                CsvRenderWriter.Write(output, series, timeZone);
                return RenderContentTypes.Csv;
            case "pickle":
                PickleRenderWriter.Write(output, series);
                return RenderContentTypes.Pickle;
            case "msgpack":
                MsgPackRenderWriter.Write(output, series);
                return RenderContentTypes.MsgPack;
            case "dygraph":
                DygraphRenderWriter.Write(output, series, jsonp);
                return jsonp is null ? RenderContentTypes.Json : RenderContentTypes.Jsonp;
            case "rickshaw":
                RickshawRenderWriter.Write(output, series, jsonp);
                return jsonp is null ? RenderContentTypes.Json : RenderContentTypes.Jsonp;
            default:
                RawRenderWriter.Write(output, series);
                return RenderContentTypes.Raw;
        }
    }

    private static JsonRenderOptions JsonOptions(RequestParameters parameters, int? maxDataPoints, string? jsonp) => new()
    {
        MaxDataPoints = maxDataPoints,
        NoNullPoints = parameters.Has("noNullPoints"),
        Jsonp = jsonp,
        Pretty = !string.IsNullOrEmpty(parameters.Get("pretty")),
    };

    /// <summary>graphite-web's <c>template[name]=value</c> parameters.</summary>
    private static Dictionary<string, string> TemplateParameters(RequestParameters parameters)
    {
        var template = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in parameters.Names)
        {
            if (name.StartsWith("template[", StringComparison.Ordinal) && name.EndsWith(']') && parameters.Get(name) is { } value)
            {
                template[name[9..^1]] = value;
            }
        }

        return template;
    }

    /// <summary>
    /// The points an image can show: its width in pixels (graphite-web's default 330), the most a read may be rolled
    /// up to when reading every point would pass the request's limits.
    /// </summary>
    private static int ImageWidth(RequestParameters parameters) =>
        int.TryParse(parameters.Get("width"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0
            ? Math.Min(width, Mine.Graphs.Graphs.Graph.MaxSize)
            : 330;

    private static int? ParseMaxDataPoints(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // graphite-web: "if maxDataPoints.isdigit()", anything else is ignored there; Mine says so instead.
        if (!text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value == 0)
        {
            throw new MineUserException($"maxDataPoints '{text}' must be a positive whole number");
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
            throw new MineUserException($"xFilesFactor '{text}' must be a number between 0 and 1");
        }

        return value;
    }
}
