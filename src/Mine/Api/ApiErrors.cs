using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Mine.Core.Errors;

namespace Mine.Api;

/// <summary>
/// Turns the errors a bad request causes into HTTP 400 with a message naming the problem: a
/// <see cref="MineUserException"/> (every layer's user error), and two .NET exceptions only a request's own input
/// causes. A busy render, or a store that does not answer, is a 503. Anything else is a bug and goes on to <see cref="InternalErrors"/> (500, logged).
/// </summary>
internal static class ApiErrors
{
    private const int StorageRetryAfterSeconds = 5;

    public static async Task<IResult> HandleAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (MineUserException ex)
        {
            return BadRequest(ex.Message);
        }
        catch (RegexMatchTimeoutException ex)
        {
            // A regular expression of the request (grep, aliasSub, a tag filter) on the names it matched.
            return BadRequest($"a regular expression ran longer than {ex.MatchTimeout.TotalSeconds:0.###} s on its input; simplify the request");
        }
        catch (InsufficientExecutionStackException)
        {
            // The request's nesting, before the parser's and evaluator's own bounds caught it.
            return BadRequest("the request nests too deeply to evaluate; simplify it");
        }
        catch (RenderBusyException ex)
        {
            return new RetryLaterResult(ex.Message, RenderGate.RetryAfterSeconds);
        }
        catch (StorageUnavailableException ex)
        {
            // A store across the network (ClickHouse) that does not answer: the same request may succeed later.
            return new RetryLaterResult(ex.Message, StorageRetryAfterSeconds);
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
