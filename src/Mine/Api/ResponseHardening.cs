using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mine.Hosting;

namespace Mine.Api;

/// <summary>
/// Headers every answer carries, and the count of answers by status. API answers (pictures, JSON, text) get a
/// Content-Security-Policy that lets nothing run or load: an SVG of a series with a hostile name, opened in a
/// browser from Mine's origin, can then not run a script even if one slipped into it. The UI's pages set their
/// own policy (its scripts come from /ui/). <c>X-Content-Type-Options: nosniff</c> keeps browsers from reading
/// JSON or text as HTML or script.
/// </summary>
internal static class ResponseHardening
{
    /// <summary>Nothing may load or run; inline style attributes (SVG uses them) may apply.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    public static void UseResponseHardening(this IApplicationBuilder app, RequestCounters counters)
    {
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
                }

                headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                counters.CountResponse(context.Request.Path.Value ?? "", response.StatusCode);
            }
        });
    }
}
