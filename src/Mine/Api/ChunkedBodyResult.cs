using Microsoft.AspNetCore.Http;
using Mine.Core.Buffers;

namespace Mine.Api;

/// <summary>Sends a body made of pooled chunks, one write per chunk, then returns the chunks to the pool.</summary>
internal sealed class ChunkedBodyResult(ChunkedBufferWriter body, string contentType) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (body)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = body.WrittenCount;
            foreach (var chunk in body.Chunks)
            {
                await response.Body.WriteAsync(chunk, httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
