using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Mine.Core.Ports;
using Mine.Hosting;
using Mine.Whisper.Transfer;

namespace Mine.Api;

/// <summary>
/// <c>POST /_internal/import</c>: history from <c>mine import-whisper --to</c> while Mine ingests live data
/// (docs/whisper-import.md, "The import batch format"). A write: it needs the admin token
/// (<see cref="AdminAccess"/>). A batch that does not parse is answered 400 with the reason and
/// nothing of it is stored; refused requests are counted with every other answer by status.
/// </summary>
internal static class ImportEndpoints
{
    public static void MapImportEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_internal/import", async (HttpContext context, IHistoryImport store) =>
        {
            if (AdminAccess.Refusal(context) is { } refusal)
            {
                return refusal;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = ImportBatch.MaxBodyBytes;
            }

            if (await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false) is not { } body)
            {
                return Results.Text($"An import batch is at most {ImportBatch.MaxBodyBytes} bytes; send fewer series per request.\n",
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            ImportBatch batch;
            try
            {
                batch = ImportBatchReader.Read(body.Span);
            }
            catch (ImportBatchFormatException e)
            {
                return Results.Text(e.Message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            // The store logs every series before answering: a 200 means the points are as durable as ingested ones.
            try
            {
                var answers = await Task.Run(() => batch.Series.Select(s => ImportAnswerSeries.From(s.Name, store.Import(s.Name, s.Layout, s.Archives, batch.OnConflict))).ToList())
                    .ConfigureAwait(false);
                return Results.Json(new ImportAnswer(ImportBatch.Version, answers), ImportAnswerJson.Default.ImportAnswer);
            }
            catch (IOException e)
            {
                // The store could not log the points (disk full): the client keeps the file and tries again later.
                return Results.Text($"Storage refused the write: {e.Message}\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    /// <summary>The whole body, or null when it is larger than a batch may be.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength > ImportBatch.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > ImportBatch.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
