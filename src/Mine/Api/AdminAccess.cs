using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Mine.Hosting;

namespace Mine.Api;

/// <summary>
/// Who may change things over HTTP (POST /events, /_internal/flush, /_internal/compact). With
/// <c>Mine:AdminToken</c> set, a request must carry <c>Authorization: Bearer &lt;token&gt;</c> (a browser cannot
/// add that header to a cross-site request without the server's consent, which Mine never gives). Without a
/// token, writes come only from loopback (the operator's own scripts, collectd on the same host), and never
/// from a browser page of another origin: a page the operator visits could otherwise post to
/// 127.0.0.1 from their browser.
/// </summary>
internal static class AdminAccess
{
    /// <summary>Null when the request may write; otherwise the 401 or 403 to answer.</summary>
    public static IResult? Refusal(HttpContext context, MineOptions options)
    {
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            if (HasToken(context.Request, options.AdminToken))
            {
                return null;
            }

            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"mine\"";
            return Results.Text("This needs the admin token: send Authorization: Bearer <Mine:AdminToken>.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Results.Text("Writes are accepted only from loopback unless an admin token is configured (Mine:AdminToken, --admin-token); then send Authorization: Bearer <token>.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }

        if (IsCrossOrigin(context.Request))
        {
            return Results.Text("Writes from a web page of another origin are refused (cross-site request forgery); configure an admin token to write from elsewhere.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        }

        return null;
    }

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Compared in constant time, so the answer's timing tells nothing about the token.
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, expected);
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
