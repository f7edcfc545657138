using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Core.Ports;
using Mine.Hosting;

namespace Mine.Api;

internal static class InternalEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (Readiness readiness) =>
            readiness.IsReady(out var detail)
                ? Results.Text(detail + "\n", "text/plain")
                : Results.Text(detail + "\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    public static void MapInternalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_internal/metrics", (MineMetrics metrics) =>
            Results.Text(metrics.RenderPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));

        // Flush the head and merge every bucket now (benchmarks measure disk after this; operators may use it
        // before a backup). Runs on a worker thread: it can take seconds on a large store.
        // Both are writes: they need the admin token (AdminAccess).
        app.MapPost("/_internal/compact", async (HttpContext context, IStorageMaintenance storage) =>
        {
            if (AdminAccess.Refusal(context) is { } refusal)
            {
                return refusal;
            }

            await Task.Run(storage.CompactNow).ConfigureAwait(false);
            return Results.Text("compacted\n", "text/plain");
        });
        app.MapPost("/_internal/flush", async (HttpContext context, IStorageMaintenance storage) =>
        {
            if (AdminAccess.Refusal(context) is { } refusal)
            {
                return refusal;
            }

            await Task.Run(storage.FlushNow).ConfigureAwait(false);
            return Results.Text("flushed\n", "text/plain");
        });
    }
}
