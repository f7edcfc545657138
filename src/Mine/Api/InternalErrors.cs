using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mine.Api;

/// <summary>
/// The last word on an exception no endpoint answered (user errors are 400s in <see cref="ApiErrors"/>): a bug, so
/// it is logged at error level with the request's method and path, and the client gets a 500 that says an internal
/// error happened, without the exception's text or stack. A client that went away, and a body Kestrel refused (its
/// own 400/413), are not Mine's errors and are left to Kestrel.
/// </summary>
internal static partial class InternalErrors
{
    public const string Message = "Mine failed with an internal error while answering this request. The error is in the server's log; please report it.";

    public static void UseInternalErrors(this IApplicationBuilder app, ILogger logger)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && ex is not BadHttpRequestException)
            {
                LogInternalError(logger, ex, context.Request.Method, context.Request.Path.Value ?? "");
                if (context.Response.HasStarted)
                {
                    // Part of the answer is out: cut the connection so the client sees a failure, not a short answer.
                    context.Abort();
                    return;
                }

                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(Message + "\n").ConfigureAwait(false);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error answering {Method} {Path} (answered 500)")]
    private static partial void LogInternalError(ILogger logger, Exception error, string method, string path);
}
