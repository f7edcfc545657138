using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Hosting;

namespace Mine.Api;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: 503 only when a loop is dead or stalled (restarting the process helps); 200 while
    /// storage refuses writes, which a restart does not cure. For liveness probes; <c>/health</c> is for readiness.
    /// </summary>
    public static void MapLivenessEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", (Readiness readiness) =>
        {
            var report = readiness.Check();
            return Results.Text(report.Text + "\n", "text/plain", statusCode: report.Live ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
