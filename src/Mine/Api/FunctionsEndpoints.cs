using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Query.Functions;

namespace Mine.Api;

/// <summary>
/// graphite-web's /functions (Grafana's function editor reads it) and /version (Grafana enables tags and the
/// function list for Graphite 1.1 and later).
/// </summary>
internal static class FunctionsEndpoints
{
    /// <summary>The graphite-web release whose API Mine answers like.</summary>
    public const string GraphiteVersion = "1.1.8";

    public static void MapFunctionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/functions", (Func<HttpContext, Task<IResult>>)ListAsync);
        app.MapGet("/functions/{name}", DetailsAsync);
        // graphite-web renders version.html ("{{version}}" and a newline) with Django's default content type.
        app.MapGet("/version", () => Results.Text(GraphiteVersion + "\n", "text/html; charset=utf-8"));
    }

    private static Task<IResult> ListAsync(HttpContext context) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var output = new ArrayBufferWriter<byte>(256 * 1024);
        if (parameters.Get("type") == "pie")
        {
            FunctionMetadataWriter.WritePieList(output, !string.IsNullOrEmpty(parameters.Get("pretty")));
            return Results.Bytes(output.WrittenMemory.ToArray(), "application/json");
        }

        var grouped = parameters.Get("grouped")?.ToLowerInvariant() is "1" or "true";
        FunctionMetadataWriter.WriteList(output, FunctionRegistry.Default, grouped, parameters.Get("group"), !string.IsNullOrEmpty(parameters.Get("pretty")));
        return Results.Bytes(output.WrittenMemory.ToArray(), "application/json");
    });

    private static Task<IResult> DetailsAsync(HttpContext context, string name) => ApiErrors.HandleAsync(async () =>
    {
        var parameters = await RequestParameters.ReadAsync(context.Request).ConfigureAwait(false);
        if (!FunctionRegistry.Default.TryGet(name, out var definition))
        {
            return Results.Text($"{{\"error\": \"Function not found: {name.Replace("\"", "'", StringComparison.Ordinal)}\"}}", "application/json", statusCode: StatusCodes.Status404NotFound);
        }

        var output = new ArrayBufferWriter<byte>(4096);
        FunctionMetadataWriter.WriteOne(output, FunctionRegistry.Default, name, definition, !string.IsNullOrEmpty(parameters.Get("pretty")));
        return Results.Bytes(output.WrittenMemory.ToArray(), "application/json");
    });
}
