using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mine.Compat.Python;
using Mine.Core.Errors;
using Mine.Graphs;
using Mine.Graphs.Graphs;
using Mine.Query.Evaluation;
using Mine.Query.Functions.Pie;
using Mine.Query.Series;

namespace Mine.Api;

/// <summary>
/// /render as a picture: line graphs of the evaluated targets and pie graphs (graphType=pie) of name:value
/// targets or of series reduced by pieMode, drawn by Mine.Graphs as PNG, SVG or PDF.
/// </summary>
internal static class RenderImages
{
    /// <summary>The picture format a format parameter asks for: none means PNG, as in graphite-web; null for data formats.</summary>
    public static ImageFormat? ImageFormatOf(string? format) => format switch
    {
        null or "png" => ImageFormat.Png,
        "svg" => ImageFormat.Svg,
        "pdf" => ImageFormat.Pdf,
        _ => null,
    };

    public static IResult Line(List<TimeSeries> series, RequestParameters parameters, TimeZoneInfo timeZone, ImageFormat format, string? jsonp, CancellationToken cancellationToken)
    {
        var options = GraphParameters.FromRequest("line", parameters.Get);
        var image = GraphRenderer.RenderLine(series, options, timeZone, format, cancellationToken);
        return Result(image, format, jsonp);
    }

    /// <summary>
    /// graphite-web's pie data: a target "name:value" is a slice as written; any other target is evaluated and
    /// each of its series becomes a slice, reduced by pieMode (average unless asked; None counts as 0).
    /// </summary>
    public static IResult Pie(RequestParameters parameters, EvaluationContext evaluation, ImageFormat format, string? jsonp, CancellationToken cancellationToken)
    {
        var reduce = PieFunctions.Get(parameters.Get("pieMode") ?? "average");
        var slices = new List<PieSlice>();
        foreach (var target in parameters.GetAll("target"))
        {
            var colon = target.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                if (!double.TryParse(target.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new MineUserException($"Invalid target '{target}': a pie target with ':' must be name:number");
                }

                slices.Add(new PieSlice(target[..colon], value));
                continue;
            }

            foreach (var series in TargetEvaluator.Default.Evaluate([target], evaluation))
            {
                var value = reduce.Reduce(series);
                slices.Add(new PieSlice(series.Name, double.IsNaN(value) ? 0 : value));
            }
        }

        var options = GraphParameters.FromRequest("pie", parameters.Get);
        return Result(GraphRenderer.RenderPie(slices, options, format, cancellationToken), format, jsonp);
    }

    private static IResult Result(RenderedImage image, ImageFormat format, string? jsonp)
    {
        if (format == ImageFormat.Svg && jsonp is not null)
        {
            // graphite-web wraps an SVG asked for with jsonp in a call with the SVG as a JSON string.
            var body = new System.Text.StringBuilder(jsonp).Append('(');
            body.Append(PythonJsonWriter.Dumps(System.Text.Encoding.UTF8.GetString(image.Bytes)));
            return Results.Text(body.Append(')').ToString(), "text/javascript");
        }

        return Results.Bytes(image.Bytes, image.ContentType);
    }
}
