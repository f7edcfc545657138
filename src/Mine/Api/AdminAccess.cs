using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mine.Access;

namespace Mine.Api;

/// <summary>
/// Every request that changes state (POST /events, /_internal/flush, /_internal/compact, /_internal/import, the tag
/// writes) must carry <c>Authorization: Bearer &lt;admin token&gt;</c>, from loopback too (decision 0026): one rule,
/// the same for a script on the host and one across the network. A request a browser marks as sent by another
/// site's page is refused even with the token: a proxy that adds the header for its users would otherwise hand
/// that page the right to write.
/// </summary>
internal static class AdminAccess
{
    /// <summary>Null when the request may write; otherwise the 401 or 403 to answer.</summary>
    public static IResult? Refusal(HttpContext context)
    {
        if (IsCrossOrigin(context.Request))
        {
            return Results.Text("Writes from a web page of another origin are refused (cross-site request forgery); send them from a script or from Mine's own pages.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }

        var access = context.RequestServices.GetRequiredService<HttpAccess>();
        if (access.IsAdmin(context.Request.Headers.Authorization.ToString()))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mine\"";
        return Results.Text("This changes Mine's data and needs the admin token: send 'Authorization: Bearer <token>', the token being Mine:AdminToken, or else what Mine:AdminTokenFile holds (by default the file admin-token in Mine's data folder).\n",
            "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// Browsers send Origin with every cross-origin POST (and Sec-Fetch-Site since 2020); scripts and tools
    /// usually send neither. A request whose Origin is not this server's own came from another site's page.
    /// </summary>
    private static bool IsCrossOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
