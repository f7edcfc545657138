using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mine.Api;

/// <summary>
/// Serves the web UI built from <c>src/Mine.Ui</c> (docs/ui.md): the bundle is embedded in <c>mine.dll</c> as
/// resources named <c>ui/…</c>, so <c>dotnet run</c>, a published binary and the tests serve the same files with
/// nothing to copy. The app's pages (<c>/</c>, <c>/host/{name}</c>, <c>/group/{name}</c>, <c>/landmines</c>, <c>/alerts</c>,
/// <c>/explore</c>) answer <c>index.html</c> and the browser routes; assets live under <c>/ui/</c>, fingerprinted
/// names cached for a year. Nothing comes from a CDN.
/// </summary>
internal static class UiEndpoints
{
    public const string ResourcePrefix = "ui/";

    /// <summary>The routes of the single-page app (the browser's router knows the same list).</summary>
    public static readonly string[] AppRoutes = ["/", "/host/{name}", "/group/{name}", "/landmines", "/alerts", "/explore"];

    private const string Csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static void MapUi(this IEndpointRouteBuilder app)
    {
        var assets = LoadAssets(typeof(UiEndpoints).Assembly);
        foreach (var route in AppRoutes)
        {
            app.MapMethods(route, ["GET", "HEAD"], (HttpContext context) => assets.TryGetValue("index.html", out var index)
                ? Serve(context, index, isPage: true)
                : Results.Text("Mine's web UI is not in this build (it was built with MineBuildUi=false or without npm); the HTTP API works.\n",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable));
        }

        app.MapMethods("/ui/{**path}", ["GET", "HEAD"], (string path, HttpContext context) =>
            assets.TryGetValue(path, out var asset) && path != "index.html" ? Serve(context, asset, isPage: false) : Results.NotFound());
    }

    /// <summary>Every embedded UI file by its path under <c>ui/</c>.</summary>
    internal static FrozenDictionary<string, UiAsset> LoadAssets(Assembly assembly)
    {
        var assets = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var path = resource[ResourcePrefix.Length..];
            assets[path] = new UiAsset(path, bytes, ContentType(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IResult Serve(HttpContext context, UiAsset asset, bool isPage)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (isPage)
        {
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = Csp;
            headers["Referrer-Policy"] = "no-referrer";
        }
        else
        {
            headers.CacheControl = asset.Fingerprinted ? "public, max-age=31536000, immutable" : "no-cache";
        }

        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        headers.Vary = "Accept-Encoding";
        if (asset.Compressible && context.Request.Headers.AcceptEncoding.ToString().Contains("br", StringComparison.Ordinal))
        {
            headers.ContentEncoding = "br";
            return Results.Bytes(asset.Brotli, asset.ContentType);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" or ".map" => "application/json",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}

/// <summary>One embedded UI file with its validator and, made on first use, its Brotli form.</summary>
internal sealed class UiAsset(string path, byte[] bytes, string contentType, string etag)
{
    private byte[]? _brotli;

    public string Path { get; } = path;

    public byte[] Bytes { get; } = bytes;

    public string ContentType { get; } = contentType;

    public string ETag { get; } = etag;

    /// <summary>esbuild names bundles <c>name-HASH.ext</c>: their content never changes under that name.</summary>
    public bool Fingerprinted { get; } = System.Text.RegularExpressions.Regex.IsMatch(path, @"-[A-Z0-9]{8}\.(js|css)$");

    public bool Compressible => ContentType.StartsWith("text/", StringComparison.Ordinal) || ContentType is "image/svg+xml" or "application/json";

    public byte[] Brotli => LazyInitializer.EnsureInitialized(ref _brotli, () =>
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(Bytes);
        }

        return output.ToArray();
    });
}
