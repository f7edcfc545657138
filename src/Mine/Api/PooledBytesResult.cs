using Microsoft.AspNetCore.Http;
using Mine.Core.Buffers;

namespace Mine.Api;

/// <summary>Sends a pooled buffer as the response body, then returns it to the pool.</summary>
internal sealed class PooledBytesResult(PooledBufferWriter body, string contentType) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (body)
        {
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.WrittenCount;
            await httpContext.Response.Body.WriteAsync(body.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
