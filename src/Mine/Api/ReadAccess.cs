using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mine.Access;

namespace Mine.Api;

/// <summary>
/// With a read token or a users file configured, every request but the health probes needs credentials: basic auth
/// (what a browser asks for itself, so the UI works behind it), a bearer token (the read token or the admin token),
/// as Grafana's and Prometheus' clients send them. The probes stay open: a load balancer or a service manager that
/// checks liveness should not need a secret, and they tell nothing but the state and the series count.
/// </summary>
internal static class ReadAccess
{
    public static void UseReadAccess(this IApplicationBuilder app, HttpAccess access)
    {
        if (!access.ReadsProtected)
        {
            return;
        }

        var challenge = access.Users is not null ? "Basic realm=\"mine\", charset=\"UTF-8\"" : "Bearer realm=\"mine\"";
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.Equals("/health", StringComparison.Ordinal) || path.Equals("/health/live", StringComparison.Ordinal)
                || access.MayRead(context.Request.Headers.Authorization.ToString()))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = challenge;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(access.Users is not null
                ? "This Mine needs credentials: a user of its basic auth file, or 'Authorization: Bearer <token>'.\n"
                : "This Mine needs credentials: send 'Authorization: Bearer <read token>'.\n").ConfigureAwait(false);
        });
    }
}
