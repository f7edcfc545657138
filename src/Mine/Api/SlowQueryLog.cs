using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mine.Api;

/// <summary>
/// What a query endpoint tells the slow-query log about its request: what was asked and what it cost. Set by the
/// endpoint in the request's features; a request without one is not a query.
/// </summary>
internal sealed class QueryTrace(string kind, IReadOnlyList<string> targets)
{
    /// <summary>render, find or expand.</summary>
    public string Kind { get; } = kind;

    public IReadOnlyList<string> Targets { get; } = targets;

    /// <summary>Where the series were read; null for a find (which reads only names).</summary>
    public StorageSeriesSource? Source { get; set; }

    /// <summary>Names a find or expand matched.</summary>
    public int? NodesMatched { get; set; }

    public static QueryTrace Start(HttpContext context, string kind, IReadOnlyList<string> targets)
    {
        var trace = new QueryTrace(kind, targets);
        context.Features.Set(trace);
        return trace;
    }
}

/// <summary>
/// One Warning line (category <c>Mine.SlowQuery</c>) for each render, find or expand that took at least
/// <c>Mine:SlowQueryMilliseconds</c> (<c>--slow-query-ms</c>), wait for a render slot and streaming included:
/// its kind, time, status, what it read and its targets (shortened), so the query that loads the server can be
/// found without logging every request. With Debug logging on (<c>Logging:LogLevel:Mine.Http=Debug</c>) every
/// request also gets one line.
/// </summary>
internal static class SlowQueryLog
{
    /// <summary>A target is cut after this many characters, and the line lists at most <see cref="TargetsShown"/>.</summary>
    private const int TargetLength = 200;
    private const int TargetsShown = 5;

    public static void UseSlowQueryLog(this IApplicationBuilder app, ILoggerFactory loggers, int thresholdMilliseconds)
    {
        var slow = loggers.CreateLogger("Mine.SlowQuery");
        var requests = loggers.CreateLogger("Mine.Http");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (requests.IsEnabled(LogLevel.Debug))
                {
                    requests.LogDebug("{Method} {Path}{Query} {Status} {Milliseconds:F0} ms", context.Request.Method, context.Request.Path, context.Request.QueryString, context.Response.StatusCode, elapsed.TotalMilliseconds);
                }

                if (thresholdMilliseconds > 0 && elapsed.TotalMilliseconds >= thresholdMilliseconds && context.Features.Get<QueryTrace>() is { } trace)
                {
                    slow.LogWarning("slow {Kind}: {Milliseconds:F0} ms, status {Status}, {Read}, from {Remote}: {Targets}",
                        trace.Kind, elapsed.TotalMilliseconds, context.Response.StatusCode, Read(trace), context.Connection.RemoteIpAddress, Targets(trace.Targets));
                }
            }
        });
    }

    private static string Read(QueryTrace trace) => trace.Source is { } source
        ? $"{source.SeriesRead} series and {source.PointsRead} points read{(source.ConsolidatedReads > 0 ? " (consolidated while read to fit the request)" : string.Empty)}"
        : $"{trace.NodesMatched?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} names matched";

    /// <summary>The targets, each cut to a readable length, at most a few of them (a dashboard can send dozens).</summary>
    internal static string Targets(IReadOnlyList<string> targets)
    {
        var shown = targets.Take(TargetsShown).Select(static t => t.Length <= TargetLength ? t : $"{t[..TargetLength]}… ({t.Length} chars)");
        var text = string.Join(" & ", shown);
        return targets.Count > TargetsShown ? $"{text} & {targets.Count - TargetsShown} more" : text;
    }
}
