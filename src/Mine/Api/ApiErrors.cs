using Microsoft.AspNetCore.Http;
using Mine.Query;
using Mine.Storage.Index;

namespace Mine.Api;

/// <summary>Turns the errors a bad request can cause into HTTP 400 with a message naming the problem.</summary>
internal static class ApiErrors
{
    public static async Task<IResult> HandleAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (BadRequestException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (QueryArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (Mine.Graphs.GraphException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (GlobTooComplexException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException ex)
        {
            return BadRequest($"a regular expression ran longer than {ex.MatchTimeout.TotalSeconds:0.###} s on its input; simplify the request");
        }
        catch (InsufficientExecutionStackException)
        {
            return BadRequest("the request nests too deeply to evaluate; simplify it");
        }
        catch (RenderBusyException ex)
        {
            return new RetryLaterResult(ex.Message, RenderGate.RetryAfterSeconds);
        }
    }

    public static IResult NotFound(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>503 Service Unavailable with Retry-After: the server is busy, the same request may succeed later.</summary>
internal sealed class RetryLaterResult(string message, int retryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        httpContext.Response.ContentType = "text/plain; charset=utf-8";
        return httpContext.Response.WriteAsync(message + "\n");
    }
}
